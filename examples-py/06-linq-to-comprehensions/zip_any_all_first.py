# Card: Zip/Any/All/First vs zip/any/all/next - zip() stops at the shorter input; next(gen, default) is FirstOrDefault
names = ["ann", "bob", "cid"]
scores = [90, 72]

# region core
for name, score in zip(names, scores):            # names.Zip(scores): "cid" is dropped silently
    print(name, score)
print(any(s > 80 for s in scores), all(s > 80 for s in scores))  # Any, All
print(all(s > 80 for s in []))                    # All() of nothing is True
print(next(s for s in scores if s < 80))          # First(s => s < 80)
print(next((s for s in scores if s > 100), -1))   # FirstOrDefault(s => s > 100, -1)
try:
    next(s for s in scores if s > 100)
except StopIteration:                             # First: InvalidOperationException
    print("no match")
# endregion
