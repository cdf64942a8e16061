"use client";

import {
  functionalUpdate,
  useTable,
  type ColumnVisibilityState,
  type PaginationState,
  type RowData,
  type SortingState,
} from "@tanstack/react-table";
import { useMemo, type ReactNode } from "react";
import { ColumnPicker } from "@/components/data-table/column-picker";
import { dataTableFeatures, type DataTableColumns } from "@/components/data-table/features";
import { KeysetPaginationBar, type KeysetPaging } from "@/components/data-table/keyset-pagination-bar";
import { PAGE_SIZE_OPTIONS, PaginationBar } from "@/components/data-table/pagination-bar";
import { SortableHeader } from "@/components/data-table/sortable-header";
import { FIRST_PAGE, TABLE_PARAMS, type TableQuery } from "@/components/data-table/url-state";
import { useUrlNavigation } from "@/components/data-table/use-url-navigation";
import { cn } from "@/components/ui/cn";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";

/** Column visibility owned by the caller (which remembers it): the state and what to do when it changes. */
export interface ColumnVisibility {
  state: ColumnVisibilityState;
  onChange: (next: ColumnVisibilityState) => void;
  onReset: () => void;
}

export interface DataTableProps<Row extends RowData> extends Omit<TableQuery, "page"> {
  /** Numbered pages (offset): the current page, from 1. */
  page?: number;
  /** Keyset pages instead: cursors to the neighbouring pages (the URL's `after` / `before`). */
  keyset?: KeysetPaging;
  /** Lets the user choose the columns (a "Columns" picker above the table). */
  columnVisibility?: ColumnVisibility;
  columns: DataTableColumns<Row>;
  /** One page of rows, already filtered, sorted and paged by the server. */
  data: Row[];
  total: number;
  getRowId: (row: Row) => string;
  /** Names the table for assistive technology (and tests). */
  label: string;
  /** "events", "patients": used in "1–25 of 300 events". */
  noun: string;
  /** Shown instead of the rows when the page is empty. */
  emptyState: ReactNode;
  rowClassName?: (row: Row) => string | undefined;
  pageSizeOptions?: readonly number[];
}

const ARIA_SORT = { asc: "ascending", desc: "descending" } as const;

/**
 * The one data table: TanStack Table owns sorting and pagination state in manual mode, the URL holds it (so the
 * server renders each page and the back button works), and the server sorts and pages, by page number or by
 * cursor (`keyset`). Without `sort`, no column is sortable. Column ids are the server's sort keys. With
 * `columnVisibility`, a picker shows and hides columns; the caller keeps the choice.
 */
export function DataTable<Row extends RowData>({
  columns,
  data,
  total,
  getRowId,
  label,
  noun,
  emptyState,
  rowClassName,
  page = 1,
  keyset,
  columnVisibility,
  pageSize,
  sort,
  pageSizeOptions = PAGE_SIZE_OPTIONS,
}: DataTableProps<Row>) {
  const { navigate, isPending } = useUrlNavigation();
  const sortField = sort?.field;
  const sortDir = sort?.dir;
  const sorting = useMemo<SortingState>(() => (sortField ? [{ id: sortField, desc: sortDir === "desc" }] : []), [sortField, sortDir]);
  const pagination = useMemo<PaginationState>(() => ({ pageIndex: page - 1, pageSize }), [page, pageSize]);

  const table = useTable({
    features: dataTableFeatures,
    columns,
    data,
    getRowId,
    state: { sorting, pagination, columnVisibility: columnVisibility?.state ?? {} },
    manualSorting: true,
    manualPagination: true,
    rowCount: total,
    enableSorting: sort !== undefined,
    enableMultiSort: false,
    enableSortingRemoval: false,
    // A first click sorts ascending unless the column says otherwise (times and ids: newest first).
    sortDescFirst: false,
    onSortingChange: (updater) => {
      const [next] = functionalUpdate(updater, sorting);
      navigate({ [TABLE_PARAMS.sort]: next?.id, [TABLE_PARAMS.dir]: next ? (next.desc ? "desc" : "asc") : null, ...FIRST_PAGE });
    },
    onColumnVisibilityChange: (updater) => columnVisibility?.onChange(functionalUpdate(updater, columnVisibility.state)),
    onPaginationChange: (updater) => {
      const next = functionalUpdate(updater, pagination);
      navigate({ [TABLE_PARAMS.page]: next.pageIndex > 0 ? next.pageIndex + 1 : null, [TABLE_PARAMS.pageSize]: next.pageSize });
    },
  });

  const rows = table.getRowModel().rows;
  const pickable = table.getAllLeafColumns().filter((column) => column.getCanHide());
  return (
    <div className="flex flex-col gap-3">
      {columnVisibility && (
        <div className="flex justify-end">
          <ColumnPicker
            table={label}
            columns={pickable.map((column) => ({ id: column.id, label: columnLabel(column.columnDef), visible: column.getIsVisible() }))}
            onToggle={(id, visible) => table.getColumn(id)?.toggleVisibility(visible)}
            onReset={columnVisibility.onReset}
          />
        </div>
      )}
      <div className={cn("rounded-lg border bg-card transition-opacity", isPending && "opacity-60")}>
        <Table aria-label={label} aria-busy={isPending || undefined}>
          <TableHeader>
            {table.getHeaderGroups().map((group) => (
              <TableRow key={group.id} className="hover:bg-transparent">
                {group.headers.map((header) => {
                  const sorted = header.column.getIsSorted();
                  return (
                    <TableHead
                      key={header.id}
                      aria-sort={sorted ? ARIA_SORT[sorted] : undefined}
                      className={cn("whitespace-nowrap", header.column.columnDef.meta?.headerClassName)}
                    >
                      {header.isPlaceholder ? null : header.column.getCanSort() ? (
                        <SortableHeader sorted={sorted} onToggle={header.column.getToggleSortingHandler()}>
                          <table.FlexRender header={header} />
                        </SortableHeader>
                      ) : (
                        <table.FlexRender header={header} />
                      )}
                    </TableHead>
                  );
                })}
              </TableRow>
            ))}
          </TableHeader>
          <TableBody>
            {rows.length === 0 ? (
              <TableRow className="hover:bg-transparent">
                <TableCell colSpan={table.getVisibleLeafColumns().length} className="py-10 text-center">
                  {emptyState}
                </TableCell>
              </TableRow>
            ) : (
              rows.map((row) => (
                <TableRow key={row.id} className={rowClassName?.(row.original)}>
                  {row.getVisibleCells().map((cell) => (
                    <TableCell key={cell.id} className={cell.column.columnDef.meta?.cellClassName}>
                      <table.FlexRender cell={cell} />
                    </TableCell>
                  ))}
                </TableRow>
              ))
            )}
          </TableBody>
        </Table>
      </div>
      {keyset ? (
        <KeysetPaginationBar
          {...keyset}
          rows={rows.length}
          total={total}
          pageSize={pageSize}
          noun={noun}
          pageSizeOptions={pageSizeOptions}
          onFirst={() => navigate(FIRST_PAGE)}
          onPrevious={() => navigate({ ...FIRST_PAGE, [TABLE_PARAMS.before]: keyset.previous })}
          onNext={() => navigate({ ...FIRST_PAGE, [TABLE_PARAMS.after]: keyset.next })}
          onPageSize={(size) => navigate({ ...FIRST_PAGE, [TABLE_PARAMS.pageSize]: size })}
        />
      ) : (
        <PaginationBar
          page={page}
          pageCount={table.getPageCount()}
          pageSize={pageSize}
          total={total}
          noun={noun}
          pageSizeOptions={pageSizeOptions}
          canPrevious={table.getCanPreviousPage()}
          canNext={table.getCanNextPage()}
          onFirst={() => table.firstPage()}
          onPrevious={() => table.previousPage()}
          onNext={() => table.nextPage()}
          onLast={() => table.lastPage()}
          onPageSize={(size) => table.setPageSize(size)}
        />
      )}
    </div>
  );
}

/** A column's name in the picker: its label, else its header when that is plain text, else its id. */
function columnLabel(def: { id?: string; header?: unknown; meta?: { label?: string } }): string {
  return def.meta?.label ?? (typeof def.header === "string" ? def.header : (def.id ?? ""));
}
