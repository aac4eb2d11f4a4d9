# Card: Where/Select/SelectMany/ToDictionary vs comprehensions - [...] runs now like ToList(), (...) is lazy; nested fors read outer-first
nums = [1, 2, 3, 4, 5, 6]
words = ["apple", "fig", "kiwi"]

# region core
squares = [n * n for n in nums if n % 2 == 0]   # Where + Select + ToList
lengths = {w: len(w) for w in words}            # ToDictionary
initials = {w[0] for w in words + ["avocado"]}  # ToHashSet
pairs = [x + y for x in "ab" for y in "12"]     # SelectMany: outer loop first
lazy = (n * n for n in nums)                    # a generator: deferred like a query
# endregion

print(", ".join(str(n) for n in squares))
print(", ".join(f"{w}={n}" for w, n in lengths.items()))
print("".join(sorted(initials)))
print(" ".join(pairs))
print(sum(lazy))
