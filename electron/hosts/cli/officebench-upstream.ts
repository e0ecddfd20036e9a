/**
 * Dev-split tasks whose upstream task or check is wrong (OfficeBench 4434746). `eval` grades them as upstream
 * does and names the error in the report, so a failure (or a free pass) there is not read as the model's.
 * Found by test/bench/officebench-reference.ts and the reference programs of test/fixtures/officebench.
 */
export const OFFICEBENCH_UPSTREAM_ERRORS: Readonly<Record<string, string>> = {
  '1-2/1': 'every check passes on the untouched testbed',
  '1-10/3': 'the check expects 201000; the highest cost (2000000) plus the lowest (1000) is 2001000',
  '1-14/2': 'the check names data/salery.xlsx, which neither the testbed nor the reference holds',
  '1-14/3': 'the reference swaps the fewest and the most bought items, not the two fewest the instruction asks for',
  '2-2/0': 'the instruction asks for name and date, the check wants name and address (swapped with 2-2/1)',
  '2-2/1': 'the instruction asks for name and address, the check wants name and date (swapped with 2-2/0)',
  '2-16/0': 'every check passes on the untouched testbed',
  '2-25/0': 'its only check (the .docx still exists) passes on the untouched testbed',
  '3-8/0': "the third check puts 'file' outside 'args': upstream raises KeyError",
  '3-30/0': "the cell checks put 'file' outside 'args': upstream raises KeyError",
  '3-32/0': "the cell check puts 'file' outside 'args': upstream raises KeyError",
  '3-58/0': "the check expects 'banana', which is not in the testbed's shopping list",
  '3-62/0': 'evaluate_exact_match on pdf compares two PdfReader page lists by identity: never passes',
};
