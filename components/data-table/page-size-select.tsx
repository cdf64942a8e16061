import { useId } from "react";
import { NativeSelect } from "@/components/ui/native-select";

interface PageSizeSelectProps {
  pageSize: number;
  /** The sizes offered; the current size is added when it is not one of them (a URL can ask for any). */
  options: readonly number[];
  onChange: (pageSize: number) => void;
}

/** "Rows per page": the page-size control of both pagination bars. */
export function PageSizeSelect({ pageSize, options, onChange }: PageSizeSelectProps) {
  const id = useId();
  const sizes = options.includes(pageSize) ? options : [...options, pageSize].sort((a, b) => a - b);
  return (
    <div className="flex items-center gap-2">
      <label htmlFor={id} className="text-muted-foreground">
        Rows per page
      </label>
      <NativeSelect id={id} value={pageSize} onChange={(event) => onChange(Number(event.target.value))} className="h-8 w-20 py-0">
        {sizes.map((size) => (
          <option key={size} value={size}>
            {size}
          </option>
        ))}
      </NativeSelect>
    </div>
  );
}
