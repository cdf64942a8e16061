import { ChevronLeft, ChevronRight, ChevronsLeft, ChevronsRight } from "lucide-react";
import { PageSizeSelect } from "@/components/data-table/page-size-select";
import { Button } from "@/components/ui/button";

export const PAGE_SIZE_OPTIONS = [10, 25, 50, 100] as const;

interface PaginationBarProps {
  page: number;
  pageCount: number;
  pageSize: number;
  total: number;
  /** What the rows are, for "1–25 of 300 events". */
  noun: string;
  pageSizeOptions: readonly number[];
  canPrevious: boolean;
  canNext: boolean;
  onFirst: () => void;
  onPrevious: () => void;
  onNext: () => void;
  onLast: () => void;
  onPageSize: (pageSize: number) => void;
}

const numberFormat = new Intl.NumberFormat("en-US");

export function PaginationBar(props: PaginationBarProps) {
  const { page, pageCount, pageSize, total, noun, pageSizeOptions, canPrevious, canNext } = props;
  const start = (page - 1) * pageSize + 1;
  const end = Math.min(page * pageSize, total);
  const count = `${numberFormat.format(total)} ${noun}`;
  const summary =
    total === 0 ? count : start > total ? `Past the last page: ${count}` : `${numberFormat.format(start)}–${numberFormat.format(end)} of ${count}`;
  return (
    <nav aria-label="Pagination" className="flex flex-wrap items-center justify-between gap-3 text-sm">
      <p aria-live="polite" className="text-muted-foreground">
        {summary}
      </p>
      <div className="flex flex-wrap items-center gap-3">
        <PageSizeSelect pageSize={pageSize} options={pageSizeOptions} onChange={props.onPageSize} />
        <span className="text-muted-foreground tabular-nums">
          Page {numberFormat.format(page)} of {numberFormat.format(Math.max(pageCount, 1))}
        </span>
        <div className="flex items-center gap-1">
          <Button variant="outline" size="icon" className="size-8" aria-label="First page" disabled={!canPrevious} onClick={props.onFirst}>
            <ChevronsLeft aria-hidden="true" />
          </Button>
          <Button variant="outline" size="icon" className="size-8" aria-label="Previous page" disabled={!canPrevious} onClick={props.onPrevious}>
            <ChevronLeft aria-hidden="true" />
          </Button>
          <Button variant="outline" size="icon" className="size-8" aria-label="Next page" disabled={!canNext} onClick={props.onNext}>
            <ChevronRight aria-hidden="true" />
          </Button>
          <Button variant="outline" size="icon" className="size-8" aria-label="Last page" disabled={!canNext} onClick={props.onLast}>
            <ChevronsRight aria-hidden="true" />
          </Button>
        </div>
      </div>
    </nav>
  );
}
