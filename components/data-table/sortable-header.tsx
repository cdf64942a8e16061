import { ArrowDown, ArrowUp, ArrowUpDown } from "lucide-react";
import type { ReactNode } from "react";

interface SortableHeaderProps {
  children: ReactNode;
  sorted: false | "asc" | "desc";
  onToggle: ((event: unknown) => void) | undefined;
}

/**
 * A column header that sorts: a real button (Tab, Enter, Space). The direction is announced by aria-sort on the
 * enclosing <th>; the arrow is decoration.
 */
export function SortableHeader({ children, sorted, onToggle }: SortableHeaderProps) {
  const Icon = sorted === "asc" ? ArrowUp : sorted === "desc" ? ArrowDown : ArrowUpDown;
  return (
    <button
      type="button"
      onClick={onToggle}
      className="-mx-2 inline-flex h-8 cursor-pointer items-center gap-1.5 rounded-md px-2 whitespace-nowrap hover:bg-muted hover:text-foreground data-[sorted=true]:text-foreground"
      data-sorted={sorted !== false}
    >
      {children}
      <Icon aria-hidden="true" className={sorted ? "size-3.5" : "size-3.5 opacity-40"} />
    </button>
  );
}
