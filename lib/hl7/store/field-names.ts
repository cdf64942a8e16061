// Field names of the segments Meridian reads and writes, from the HL7 v2.5.1 standard (chapters 2, 3, 4, 7), for
// the message store's hover titles: FIELD_NAMES.PID[6] is PID-7, "Date/Time of Birth". A field beyond a list, or a
// segment not listed (Z-segments), is shown by its position only.

const names = (list: string): readonly string[] => list.split("|");

export const FIELD_NAMES: Readonly<Record<string, readonly string[]>> = {
  MSH: names(
    "Field Separator|Encoding Characters|Sending Application|Sending Facility|Receiving Application|Receiving Facility|Date/Time of Message|Security|Message Type|Message Control ID|Processing ID|Version ID|Sequence Number|Continuation Pointer|Accept Acknowledgment Type|Application Acknowledgment Type|Country Code|Character Set|Principal Language of Message|Alternate Character Set Handling Scheme|Message Profile Identifier",
  ),
  EVN: names("Event Type Code|Recorded Date/Time|Date/Time Planned Event|Event Reason Code|Operator ID|Event Occurred|Event Facility"),
  PID: names(
    "Set ID - PID|Patient ID|Patient Identifier List|Alternate Patient ID - PID|Patient Name|Mother's Maiden Name|Date/Time of Birth|Administrative Sex|Patient Alias|Race|Patient Address|County Code|Phone Number - Home|Phone Number - Business|Primary Language|Marital Status|Religion|Patient Account Number|SSN Number - Patient|Driver's License Number - Patient|Mother's Identifier|Ethnic Group|Birth Place|Multiple Birth Indicator|Birth Order|Citizenship|Veterans Military Status|Nationality|Patient Death Date and Time|Patient Death Indicator|Identity Unknown Indicator|Identity Reliability Code|Last Update Date/Time|Last Update Facility|Species Code|Breed Code|Strain|Production Class Code|Tribal Citizenship",
  ),
  PV1: names(
    "Set ID - PV1|Patient Class|Assigned Patient Location|Admission Type|Preadmit Number|Prior Patient Location|Attending Doctor|Referring Doctor|Consulting Doctor|Hospital Service|Temporary Location|Preadmit Test Indicator|Re-admission Indicator|Admit Source|Ambulatory Status|VIP Indicator|Admitting Doctor|Patient Type|Visit Number|Financial Class|Charge Price Indicator|Courtesy Code|Credit Rating|Contract Code|Contract Effective Date|Contract Amount|Contract Period|Interest Code|Transfer to Bad Debt Code|Transfer to Bad Debt Date|Bad Debt Agency Code|Bad Debt Transfer Amount|Bad Debt Recovery Amount|Delete Account Indicator|Delete Account Date|Discharge Disposition|Discharged to Location|Diet Type|Servicing Facility|Bed Status|Account Status|Pending Location|Prior Temporary Location|Admit Date/Time|Discharge Date/Time|Current Patient Balance|Total Charges|Total Adjustments|Total Payments|Alternate Visit ID|Visit Indicator|Other Healthcare Provider",
  ),
  NK1: names(
    "Set ID - NK1|Name|Relationship|Address|Phone Number|Business Phone Number|Contact Role|Start Date|End Date|Next of Kin / Associated Parties Job Title|Next of Kin / Associated Parties Job Code/Class|Next of Kin / Associated Parties Employee Number|Organization Name - NK1|Marital Status|Administrative Sex|Date/Time of Birth|Living Dependency|Ambulatory Status|Citizenship|Primary Language|Living Arrangement|Publicity Code|Protection Indicator|Student Indicator|Religion|Mother's Maiden Name|Nationality|Ethnic Group|Contact Reason|Contact Person's Name|Contact Person's Telephone Number|Contact Person's Address|Next of Kin/Associated Party's Identifiers|Job Status|Race|Handicap|Contact Person Social Security Number|Next of Kin Birth Place|VIP Indicator",
  ),
  AL1: names("Set ID - AL1|Allergen Type Code|Allergen Code/Mnemonic/Description|Allergy Severity Code|Allergy Reaction Code|Identification Date"),
  MRG: names("Prior Patient Identifier List|Prior Alternate Patient ID|Prior Patient Account Number|Prior Patient ID|Prior Visit Number|Prior Alternate Visit ID|Prior Patient Name"),
  ORC: names(
    "Order Control|Placer Order Number|Filler Order Number|Placer Group Number|Order Status|Response Flag|Quantity/Timing|Parent|Date/Time of Transaction|Entered By|Verified By|Ordering Provider|Enterer's Location|Call Back Phone Number|Order Effective Date/Time|Order Control Code Reason|Entering Organization|Entering Device|Action By|Advanced Beneficiary Notice Code|Ordering Facility Name|Ordering Facility Address|Ordering Facility Phone Number|Ordering Provider Address|Order Status Modifier|Advanced Beneficiary Notice Override Reason|Filler's Expected Availability Date/Time|Confidentiality Code|Order Type|Enterer Authorization Mode|Parent Universal Service Identifier",
  ),
  OBR: names(
    "Set ID - OBR|Placer Order Number|Filler Order Number|Universal Service Identifier|Priority - OBR|Requested Date/Time|Observation Date/Time|Observation End Date/Time|Collection Volume|Collector Identifier|Specimen Action Code|Danger Code|Relevant Clinical Information|Specimen Received Date/Time|Specimen Source|Ordering Provider|Order Callback Phone Number|Placer Field 1|Placer Field 2|Filler Field 1|Filler Field 2|Results Rpt/Status Chng - Date/Time|Charge to Practice|Diagnostic Serv Sect ID|Result Status|Parent Result|Quantity/Timing|Result Copies To|Parent|Transportation Mode|Reason for Study|Principal Result Interpreter|Assistant Result Interpreter|Technician|Transcriptionist|Scheduled Date/Time|Number of Sample Containers|Transport Logistics of Collected Sample|Collector's Comment|Transport Arrangement Responsibility|Transport Arranged|Escort Required|Planned Patient Transport Comment|Procedure Code|Procedure Code Modifier|Placer Supplemental Service Information|Filler Supplemental Service Information|Medically Necessary Duplicate Procedure Reason|Result Handling|Parent Universal Service Identifier",
  ),
  OBX: names(
    "Set ID - OBX|Value Type|Observation Identifier|Observation Sub-ID|Observation Value|Units|References Range|Abnormal Flags|Probability|Nature of Abnormal Test|Observation Result Status|Effective Date of Reference Range|User Defined Access Checks|Date/Time of the Observation|Producer's ID|Responsible Observer|Observation Method|Equipment Instance Identifier|Date/Time of the Analysis|Observation Site|Observation Instance Identifier|Mood Code|Performing Organization Name|Performing Organization Address|Performing Organization Medical Director",
  ),
  NTE: names("Set ID - NTE|Source of Comment|Comment|Comment Type"),
  RXE: names(
    "Quantity/Timing|Give Code|Give Amount - Minimum|Give Amount - Maximum|Give Units|Give Dosage Form|Provider's Administration Instructions|Deliver-To Location|Substitution Status|Dispense Amount|Dispense Units|Number Of Refills|Ordering Provider's DEA Number|Pharmacist/Treatment Supplier's Verifier ID|Prescription Number|Number of Refills Remaining|Number of Refills/Doses Dispensed|D/T of Most Recent Refill or Dose Dispensed|Total Daily Dose|Needs Human Review|Pharmacy/Treatment Supplier's Special Dispensing Instructions|Give Per (Time Unit)|Give Rate Amount|Give Rate Units|Give Strength|Give Strength Units|Give Indication|Dispense Package Size|Dispense Package Size Unit|Dispense Package Method|Supplementary Code|Original Order Date/Time|Give Drug Strength Volume|Give Drug Strength Volume Units|Controlled Substance Schedule|Formulary Status|Pharmaceutical Substance Alternative|Pharmacy of Most Recent Fill|Initial Dispense Amount|Dispensing Pharmacy|Dispensing Pharmacy Address|Deliver-to Patient Location|Deliver-to Address|Pharmacy Order Type",
  ),
  RXA: names(
    "Give Sub-ID Counter|Administration Sub-ID Counter|Date/Time Start of Administration|Date/Time End of Administration|Administered Code|Administered Amount|Administered Units|Administered Dosage Form|Administration Notes|Administering Provider|Administered-at Location|Administered Per (Time Unit)|Administered Strength|Administered Strength Units|Substance Lot Number|Substance Expiration Date|Substance Manufacturer Name|Substance/Treatment Refusal Reason|Indication|Completion Status|Action Code - RXA|System Entry Date/Time|Administered Drug Strength Volume|Administered Drug Strength Volume Units|Administered Barcode Identifier|Pharmacy Order Type",
  ),
  RXR: names("Route|Administration Site|Administration Device|Administration Method|Routing Instruction|Administration Site Modifier"),
  TQ1: names(
    "Set ID - TQ1|Quantity|Repeat Pattern|Explicit Time|Relative Time and Units|Service Duration|Start Date/Time|End Date/Time|Priority|Condition Text|Text Instruction|Conjunction|Occurrence Duration|Total Occurrences",
  ),
  MSA: names("Acknowledgment Code|Message Control ID|Text Message|Expected Sequence Number|Delayed Acknowledgment Type|Error Condition"),
  ERR: names(
    "Error Code and Location|Error Location|HL7 Error Code|Severity|Application Error Code|Application Error Parameter|Diagnostic Information|User Message|Inform Person Indicator|Override Type|Override Reason Code|Help Desk Contact Point",
  ),
};

/** "PID-7 Date/Time of Birth"; "ZPI-2" for a field the dictionary does not name. */
export function fieldTitle(segment: string, position: number): string {
  const name = FIELD_NAMES[segment]?.[position - 1];
  return name ? `${segment}-${position} ${name}` : `${segment}-${position}`;
}
