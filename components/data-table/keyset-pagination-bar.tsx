import { ChevronLeft, ChevronRight, ChevronsLeft } from "lucide-react";
import type { ReactNode } from "react";
import { PageSizeSelect } from "@/components/data-table/page-size-select";
import { Button } from "@/components/ui/button";

/** A page of a keyset-paginated list: cursors to its neighbours instead of page numbers. */
export interface KeysetPaging {
  /** Cursor of the next page, null on the last one. */
  next: string | null;
  /** Cursor of the previous page, null on the first one. */
  previous: string | null;
  /** True when `total` is an estimate (very large result sets). */
  totalIsEstimate: boolean;
  /** Said next to the count, e.g. that a sort covers only the newest rows. */
  note?: ReactNode;
}

interface KeysetPaginationBarProps extends KeysetPaging {
  rows: number;
  total: number;
  pageSize: number;
  noun: string;
  pageSizeOptions: readonly number[];
  onFirst: () => void;
  onPrevious: () => void;
  onNext: () => void;
  onPageSize: (pageSize: number) => void;
}

const numberFormat = new Intl.NumberFormat("en-US");

/**
 * First / previous / next for a list that pages by cursor: every page costs the same however deep it is, so there
 * is no page number to show or jump to; the count says how many match (about, when estimated).
 */
export function KeysetPaginationBar(props: KeysetPaginationBarProps) {
  const { rows, total, pageSize, noun, pageSizeOptions, next, previous, totalIsEstimate, note } = props;
  const count = `${totalIsEstimate ? "about " : ""}${numberFormat.format(total)} ${noun}`;
  const summary = total === 0 ? `0 ${noun}` : `${numberFormat.format(rows)} shown of ${count}`;
  return (
    <nav aria-label="Pagination" className="flex flex-wrap items-center justify-between gap-3 text-sm">
      <div className="flex flex-col gap-1">
        <p aria-live="polite" className="text-muted-foreground">
          {summary}
        </p>
        {note && <p className="text-muted-foreground">{note}</p>}
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <PageSizeSelect pageSize={pageSize} options={pageSizeOptions} onChange={props.onPageSize} />
        <div className="flex items-center gap-1">
          <Button variant="outline" size="icon" className="size-8" aria-label="First page" disabled={previous === null} onClick={props.onFirst}>
            <ChevronsLeft aria-hidden="true" />
          </Button>
          <Button variant="outline" size="icon" className="size-8" aria-label="Previous page" disabled={previous === null} onClick={props.onPrevious}>
            <ChevronLeft aria-hidden="true" />
          </Button>
          <Button variant="outline" size="icon" className="size-8" aria-label="Next page" disabled={next === null} onClick={props.onNext}>
            <ChevronRight aria-hidden="true" />
          </Button>
        </div>
      </div>
    </nav>
  );
}
