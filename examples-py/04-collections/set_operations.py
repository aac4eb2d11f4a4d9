# Card: HashSet<T> vs set - | & - ^ return NEW sets (UnionWith mutates); set order is arbitrary, so sort before printing
backend = {"rust", "go", "python"}
frontend = {"typescript", "python"}

# region core
print(", ".join(sorted(backend | frontend)))  # union
print(", ".join(sorted(backend & frontend)))  # intersection
print(", ".join(sorted(backend - frontend)))  # difference
print(", ".join(sorted(backend ^ frontend)))  # symmetric difference
backend.add("go")                             # already there: ignored
print(len(backend), "go" in backend)
print({"python"} <= backend)                  # subset test
# endregion
