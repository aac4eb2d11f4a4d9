# Card: csv.DictReader vs File.ReadLines + Split - every field arrives as a str, and csv.writer ends lines with \r\n
import csv
import sys
from collections import defaultdict
from decimal import Decimal

# region core
revenue: defaultdict[str, Decimal] = defaultdict(Decimal)
with open("sales.csv", newline="") as f:
    for row in csv.DictReader(f):  # header row -> dict keys
        revenue[row["region"]] += int(row["units"]) * Decimal(row["price"])

writer = csv.writer(sys.stdout, lineterminator="\n")  # default terminator is "\r\n"
writer.writerow(["region", "revenue"])
for region in sorted(revenue):
    writer.writerow([region, f"{revenue[region]:.2f}"])
# endregion
