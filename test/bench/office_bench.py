"""Python side of the office benchmark: one job per process, prints {"ms", "rss_mb"} as JSON."""
import datetime, json, resource, sys, time

def row(i):
    return [i, f"Item {i}", i * 0.5, i % 100, f"Group {i % 10}", i * 3, f"x{i}", i / 7, i % 2 == 0, f"End {i}"]

HEADER = ["Id", "Item", "Half", "Mod", "Group", "Triple", "Code", "Seventh", "Even", "Tail"]

def main(job, arg, out):
    t0 = time.perf_counter()
    if job == "openpyxl-write-only":
        import openpyxl
        wb = openpyxl.Workbook(write_only=True)
        ws = wb.create_sheet("Data")
        ws.append(HEADER)
        for i in range(1, int(arg) + 1):
            ws.append(row(i))
        wb.save(out)
    elif job == "xlsxwriter":
        import xlsxwriter
        wb = xlsxwriter.Workbook(out)
        ws = wb.add_worksheet("Data")
        ws.write_row(0, 0, HEADER)
        for i in range(1, int(arg) + 1):
            ws.write_row(i, 0, row(i))
        wb.close()
    elif job == "openpyxl-read-only":
        import openpyxl
        wb = openpyxl.load_workbook(arg, read_only=True)
        n = 0
        for r in wb.worksheets[0].iter_rows(values_only=True):
            n += 1
        assert n > 1
    elif job == "python-docx":
        import docx
        d = docx.Document()
        for t in range(50):
            d.add_heading(f"Section {t + 1}", level=1)
            for p in range(10):
                d.add_paragraph(f"Paragraph {t * 10 + p + 1}: the quick brown fox jumps over the lazy dog.")
            table = d.add_table(rows=5, cols=4)
            for r in range(5):
                for c in range(4):
                    table.cell(r, c).text = f"r{r}c{c}"
        d.save(out)
    elif job == "baseline":
        import openpyxl, docx, xlsxwriter  # the runtime floor: the libraries loaded, nothing done
    else:
        raise SystemExit(f"unknown job {job}")
    ms = (time.perf_counter() - t0) * 1000
    print(json.dumps({"ms": round(ms, 1), "rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}))

main(sys.argv[1], sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else "")
