"use client";

import { functionalUpdate, useTable, type PaginationState, type RowData, type SortingState } from "@tanstack/react-table";
import { useMemo, type ReactNode } from "react";
import { dataTableFeatures, type DataTableColumns } from "@/components/data-table/features";
import { PAGE_SIZE_OPTIONS, PaginationBar } from "@/components/data-table/pagination-bar";
import { SortableHeader } from "@/components/data-table/sortable-header";
import { TABLE_PARAMS, type TableQuery } from "@/components/data-table/url-state";
import { useUrlNavigation } from "@/components/data-table/use-url-navigation";
import { cn } from "@/components/ui/cn";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";

export interface DataTableProps<Row extends RowData> extends TableQuery {
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
 * server renders each page and the back button works), and the server sorts and pages. Without `sort`, no column
 * is sortable. Column ids are the server's sort keys.
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
  page,
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
    state: { sorting, pagination },
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
      navigate({ [TABLE_PARAMS.sort]: next?.id, [TABLE_PARAMS.dir]: next ? (next.desc ? "desc" : "asc") : null, [TABLE_PARAMS.page]: null });
    },
    onPaginationChange: (updater) => {
      const next = functionalUpdate(updater, pagination);
      navigate({ [TABLE_PARAMS.page]: next.pageIndex > 0 ? next.pageIndex + 1 : null, [TABLE_PARAMS.pageSize]: next.pageSize });
    },
  });

  const rows = table.getRowModel().rows;
  return (
    <div className="flex flex-col gap-3">
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
                <TableCell colSpan={table.getAllLeafColumns().length} className="py-10 text-center">
                  {emptyState}
                </TableCell>
              </TableRow>
            ) : (
              rows.map((row) => (
                <TableRow key={row.id} className={rowClassName?.(row.original)}>
                  {row.getAllCells().map((cell) => (
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
    </div>
  );
}
