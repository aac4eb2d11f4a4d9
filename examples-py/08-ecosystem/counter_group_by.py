# Card: collections.Counter vs GroupBy/ToDictionary - a missing key counts 0, ties keep first-seen order
from collections import Counter

# region core
words = "the cat and the hat and the bat".split()
counts = Counter(words)
print(counts["the"], counts["dog"], counts.total())  # "dog" -> 0, no KeyError

for word, n in counts.most_common(3):
    print(f"{word}: {n}")

letters = Counter("mississippi")
print(", ".join(f"{ch}={n}" for ch, n in sorted(letters.items())))
# endregion
