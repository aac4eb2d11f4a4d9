// Card: ImmutableArray/ImmutableHashSet/AsReadOnly vs tuple/frozenset/MappingProxyType - a snapshot is not a view, and "frozen" is shallow
using System.Collections.Immutable;

#region core
List<int> scores = [90, 75];
var frozen = scores.ToImmutableArray();
scores.Add(60);
var more = frozen.Add(60);
Console.WriteLine($"{scores.Count} {frozen.Length} {more.Length}");

var tags = ImmutableHashSet.Create("b", "a");
Console.WriteLine($"{string.Join(", ", tags.Add("c").Order(StringComparer.Ordinal))} {tags.Count}");

var config = new Dictionary<string, string> { ["env"] = "dev" };
var view = config.AsReadOnly();
config["env"] = "prod";
Console.WriteLine(view["env"]);

ImmutableArray<List<int>> nested = [[1, 2], [3]];
nested[0].Add(99);
Console.WriteLine(nested[0].Count);
#endregion
