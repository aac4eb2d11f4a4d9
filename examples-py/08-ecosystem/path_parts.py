# Card: pathlib.Path vs System.IO.Path - / joins paths, .stem drops only the last suffix, mkdir needs exist_ok
from pathlib import Path

# region core
report = Path("data") / "reports" / "q1.tar.gz"
print(report)
print(report.name)
print(report.stem)
print(report.suffix)
print(report.parent)
print(report.with_suffix(".zip"))
# endregion

# region files
out = Path("out")
out.mkdir(exist_ok=True)  # without exist_ok a second call raises FileExistsError
(out / "b.txt").write_text("beta\n")
(out / "a.txt").write_text("alpha\nfirst\n")
for file in sorted(out.glob("*.txt")):
    print(f"{file.name}: {len(file.read_text().splitlines())} line(s)")
(out / "a.txt").unlink()
print(f"a.txt exists: {(out / 'a.txt').exists()}")
# endregion
