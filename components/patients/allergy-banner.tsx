import { ShieldCheck, TriangleAlert } from "lucide-react";
import { byCriticality, currentAllergies, reactionSummary } from "@/components/patients/allergies";
import { humanize } from "@/components/ui/format";
import { cn } from "@/components/ui/cn";
import type { AllergyResponse } from "@/lib/allergies/schema";

/**
 * Always on the chart, above the tabs: current allergies with high criticality first and in red. Criticality is
 * spelled out next to each allergen, so colour is never the only signal.
 */
export function AllergyBanner({ allergies }: { allergies: readonly AllergyResponse[] }) {
  const current = byCriticality(currentAllergies(allergies));
  const high = current.some((allergy) => allergy.criticality === "high");

  return (
    <section
      aria-label="Allergy alerts"
      className={cn(
        "flex flex-col gap-2 rounded-lg border p-3.5 text-sm sm:flex-row sm:items-start sm:gap-3",
        current.length === 0 ? "border-border bg-card" : high ? "border-destructive/40 bg-destructive-soft" : "border-warning/30 bg-warning-soft",
      )}
    >
      <h2 className={cn("flex shrink-0 items-center gap-2 font-semibold", high ? "text-destructive" : current.length > 0 ? "text-warning" : "text-muted-foreground")}>
        {current.length === 0 ? <ShieldCheck aria-hidden="true" className="size-4" /> : <TriangleAlert aria-hidden="true" className="size-4" />}
        Allergies
      </h2>
      {current.length === 0 ? (
        <p className="text-muted-foreground">No known allergies</p>
      ) : (
        <ul className="flex flex-wrap gap-2">
          {current.map((allergy) => (
            <li
              key={allergy.id}
              className={cn(
                "rounded-md border px-2.5 py-1",
                allergy.criticality === "high" ? "border-destructive bg-destructive font-semibold text-white" : "border-warning/30 bg-card text-foreground",
              )}
            >
              {allergy.allergen}
              <span className={cn("ml-1.5 text-xs", allergy.criticality === "high" ? "text-white/90" : "text-muted-foreground")}>
                {allergy.criticality === "high" ? "High criticality" : allergy.criticality ? `${humanize(allergy.criticality)} criticality` : "Criticality not recorded"}
                {allergy.reactions.length > 0 && ` · ${reactionSummary(allergy)}`}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
