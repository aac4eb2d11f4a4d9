# Card: OrderBy/ThenBy vs sorted(key=tuple) - one key returning a tuple (negate for descending); Python compares strings ordinally
from typing import NamedTuple


class Emp(NamedTuple):
    name: str
    dept: str
    salary: int


staff = [Emp("ann", "ops", 70), Emp("bob", "dev", 90), Emp("cid", "dev", 70), Emp("dee", "ops", 85)]
names = ["bob", "Alice", "alice", "Bob"]

# region core
ranked = sorted(staff, key=lambda e: (e.dept, -e.salary))  # OrderBy(dept).ThenByDescending(salary)
for e in ranked:
    print(e.dept, e.salary, e.name)

print(" ".join(sorted(names)))                    # ordinal: "B" < "a"
print(" ".join(sorted(names, key=str.casefold)))  # ignore case; stable like OrderBy
staff.sort(key=lambda e: e.name, reverse=True)    # in place, returns None; stable, unlike List<T>.Sort
print(staff[0].name)
# endregion
