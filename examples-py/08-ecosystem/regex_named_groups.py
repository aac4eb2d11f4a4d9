# Card: re vs Regex - named groups are (?P<name>...) and re.match only matches at the start
import re

# region core
LOG = re.compile(r"(?P<level>[A-Z]+) \[(?P<module>\w+)\] (?P<msg>.*)")

for line in ["INFO [db] connected", "  WARN [http] slow reply", "oops"]:
    if m := LOG.search(line):
        print(f"{m['level']:<5}{m['module']:>5}: {m['msg']}")
    else:
        print(f"no match: {line}")

indented = "  WARN [http] slow reply"
print(LOG.match(indented) is not None, LOG.search(indented) is not None)
# endregion

# region sub
dates = "due 2024-03-15, paid 2024-04-02"
print(re.sub(r"(?P<y>\d{4})-(?P<m>\d\d)-(?P<d>\d\d)", r"\g<d>/\g<m>/\g<y>", dates))
print(", ".join(re.findall(r"\d{4}-\d\d", dates)))
# endregion
