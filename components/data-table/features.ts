import {
  columnVisibilityFeature,
  createColumnHelper,
  metaHelper,
  rowPaginationFeature,
  rowSortingFeature,
  tableFeatures,
  type ColumnDef,
  type RowData,
} from "@tanstack/react-table";

/** Per-column presentation: classes for the header and body cells (alignment, width, wrapping). */
export interface DataTableColumnMeta {
  headerClassName?: string;
  cellClassName?: string;
  /** The column's name in the column picker, when its header is not plain text. */
  label?: string;
}

/**
 * The data table's TanStack features: sorting, pagination and column visibility state only. The server sorts and
 * pages (manual mode), so no client row models are registered.
 */
export const dataTableFeatures = tableFeatures({
  rowSortingFeature,
  rowPaginationFeature,
  columnVisibilityFeature,
  columnMeta: metaHelper<DataTableColumnMeta>(),
});

export type DataTableFeatures = typeof dataTableFeatures;

/** Column definitions of a data table; a sortable column's id is the `sort` value the server understands. */
export type DataTableColumns<Row extends RowData> = ReadonlyArray<ColumnDef<DataTableFeatures, Row>>;

/** The typed column helper for `Row`: `helper.columns([helper.accessor("name", { header: "Name" }), …])`. */
export function dataTableColumnHelper<Row extends RowData>() {
  return createColumnHelper<DataTableFeatures, Row>();
}
