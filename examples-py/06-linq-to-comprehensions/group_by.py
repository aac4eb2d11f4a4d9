# Card: GroupBy vs dict grouping/itertools.groupby - groupby() only groups ADJACENT items: sort by the same key first
from collections import defaultdict
from itertools import groupby

words = ["apple", "bob", "avocado", "banana", "cherry", "blueberry"]

# region core
by_letter: defaultdict[str, list[str]] = defaultdict(list)
for w in words:                            # GroupBy(w => w[0]): keys in first-seen order
    by_letter[w[0]].append(w)
for letter, group in by_letter.items():
    print(f"{letter}: {', '.join(group)}")

for length, items in groupby(sorted(words, key=len), key=len):  # sorted() first!
    print(f"{length}: {', '.join(items)}")
# endregion
