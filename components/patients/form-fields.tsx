import type { ComponentProps, ReactNode } from "react";
import { FieldError, fieldA11y } from "@/components/forms/field-error";
import { NativeSelect } from "@/components/ui/native-select";
import { Textarea } from "@/components/patients/textarea";
import { cn } from "@/components/ui/cn";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";

interface FieldShellProps {
  id: string;
  label: string;
  errors?: readonly string[];
  hint?: string;
  required?: boolean;
  className?: string;
  children: (a11y: ReturnType<typeof fieldA11y>) => ReactNode;
}

/** Label, control, hint and errors, wired together: the control is described by its hint and its errors. */
function FieldShell({ id, label, errors, hint, required, className, children }: FieldShellProps) {
  const hintId = hint ? `${id}-hint` : undefined;
  return (
    <div className={cn("flex flex-col gap-2", className)}>
      <Label htmlFor={id}>
        {label}
        {required && <span className="text-destructive"> *</span>}
      </Label>
      {children(fieldA11y(id, errors, hintId))}
      {hint && (
        <p id={hintId} className="text-xs text-muted-foreground">
          {hint}
        </p>
      )}
      <FieldError id={id} errors={errors} />
    </div>
  );
}

type TextFieldProps = Omit<ComponentProps<"input">, "id" | "children"> & Omit<FieldShellProps, "children"> & { name: string };

export function TextField({ id, label, errors, hint, required, className, ...input }: TextFieldProps) {
  return (
    <FieldShell id={id} label={label} errors={errors} hint={hint} required={required} className={className}>
      {(a11y) => <Input id={id} required={required} {...input} {...a11y} />}
    </FieldShell>
  );
}

type TextAreaFieldProps = Omit<ComponentProps<"textarea">, "id" | "children"> & Omit<FieldShellProps, "children"> & { name: string };

export function TextAreaField({ id, label, errors, hint, required, className, ...textarea }: TextAreaFieldProps) {
  return (
    <FieldShell id={id} label={label} errors={errors} hint={hint} required={required} className={className}>
      {(a11y) => <Textarea id={id} required={required} {...textarea} {...a11y} />}
    </FieldShell>
  );
}

export interface SelectOption {
  value: string;
  label: string;
}

type SelectFieldProps = Omit<ComponentProps<"select">, "id" | "children"> &
  Omit<FieldShellProps, "children"> & { name: string; options: readonly SelectOption[]; placeholder?: string };

/** A select; `placeholder` adds a first, empty option ("Not recorded", "Choose…"). */
export function SelectField({ id, label, errors, hint, required, className, options, placeholder, ...select }: SelectFieldProps) {
  return (
    <FieldShell id={id} label={label} errors={errors} hint={hint} required={required} className={className}>
      {(a11y) => (
        <NativeSelect id={id} required={required} {...select} {...a11y}>
          {placeholder !== undefined && <option value="">{placeholder}</option>}
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </NativeSelect>
      )}
    </FieldShell>
  );
}
