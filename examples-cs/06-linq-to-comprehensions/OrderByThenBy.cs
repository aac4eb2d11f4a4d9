// Card: OrderBy/ThenBy vs sorted(key=tuple) - one key returning a tuple (negate for descending); Python compares strings ordinally
List<Emp> staff = [new("ann", "ops", 70), new("bob", "dev", 90), new("cid", "dev", 70), new("dee", "ops", 85)];
string[] names = ["bob", "Alice", "alice", "Bob"];

#region core
var ranked = staff.OrderBy(e => e.Dept, StringComparer.Ordinal).ThenByDescending(e => e.Salary);
foreach (var e in ranked)
    Console.WriteLine($"{e.Dept} {e.Salary} {e.Name}");

Console.WriteLine(string.Join(" ", names.Order(StringComparer.Ordinal)));  // plain Order() is culture-aware
Console.WriteLine(string.Join(" ", names.Order(StringComparer.OrdinalIgnoreCase)));
staff.Sort((x, y) => string.CompareOrdinal(y.Name, x.Name));  // in place, but NOT stable (names are unique here)
Console.WriteLine(staff[0].Name);
#endregion

record Emp(string Name, string Dept, int Salary);
