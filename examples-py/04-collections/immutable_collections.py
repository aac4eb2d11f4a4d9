# Card: ImmutableArray/ImmutableHashSet/AsReadOnly vs tuple/frozenset/MappingProxyType - a snapshot is not a view, and "frozen" is shallow
from types import MappingProxyType

# region core
scores = [90, 75]
frozen = tuple(scores)              # snapshot copy: scores.ToImmutableArray()
scores.append(60)
more = frozen + (60,)               # "adding" builds a new tuple
print(len(scores), len(frozen), len(more))

tags = frozenset({"b", "a"})        # ImmutableHashSet
print(", ".join(sorted(tags | {"c"})), len(tags))

config = {"env": "dev"}
view = MappingProxyType(config)     # read-only VIEW: config.AsReadOnly()
config["env"] = "prod"
print(view["env"])                  # the view sees the change

nested = ([1, 2], [3])              # the tuple is frozen, the lists inside are not
nested[0].append(99)
print(len(nested[0]))
# endregion
