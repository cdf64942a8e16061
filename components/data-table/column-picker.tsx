"use client";

import { Columns3 } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";

export interface PickableColumn {
  id: string;
  label: string;
  visible: boolean;
}

interface ColumnPickerProps {
  columns: readonly PickableColumn[];
  onToggle: (id: string, visible: boolean) => void;
  onReset: () => void;
  /** The table's name, for the dialog's description. */
  table: string;
}

/** "Columns": a dialog of checkboxes, one per column; a change applies at once, the last column cannot go. */
export function ColumnPicker({ columns, onToggle, onReset, table }: ColumnPickerProps) {
  const shown = columns.filter((column) => column.visible).length;
  return (
    <Dialog>
      <DialogTrigger asChild>
        <Button variant="outline" size="sm">
          <Columns3 aria-hidden="true" />
          Columns
          <span className="text-muted-foreground tabular-nums">
            {shown}/{columns.length}
          </span>
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Columns</DialogTitle>
          <DialogDescription>Choose the columns of {table}. Your choice is remembered in this browser.</DialogDescription>
        </DialogHeader>
        <fieldset className="grid gap-2 sm:grid-cols-2">
          <legend className="sr-only">
            Shown columns
          </legend>
          {columns.map((column) => (
            <label key={column.id} className="flex cursor-pointer items-center gap-2 text-sm">
              <input
                type="checkbox"
                className="size-4 accent-primary"
                checked={column.visible}
                disabled={column.visible && shown === 1}
                onChange={(event) => onToggle(column.id, event.target.checked)}
              />
              {column.label}
            </label>
          ))}
        </fieldset>
        <DialogFooter>
          <Button type="button" variant="outline" onClick={onReset}>
            Show the default columns
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
