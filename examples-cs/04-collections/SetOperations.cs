// Card: HashSet<T> vs set - | & - ^ return NEW sets (UnionWith mutates); set order is arbitrary, so sort before printing
HashSet<string> backend = ["rust", "go", "python"];
HashSet<string> frontend = ["typescript", "python"];

#region core
Console.WriteLine(Sorted(backend.Union(frontend)));
Console.WriteLine(Sorted(backend.Intersect(frontend)));
Console.WriteLine(Sorted(backend.Except(frontend)));
var both = new HashSet<string>(backend);  // copy first: the *With methods mutate
both.SymmetricExceptWith(frontend);
Console.WriteLine(Sorted(both));
backend.Add("go");                        // returns false: already there
Console.WriteLine($"{backend.Count} {backend.Contains("go")}");
Console.WriteLine(backend.IsSupersetOf(["python"]));
#endregion

static string Sorted(IEnumerable<string> xs) => string.Join(", ", xs.Order(StringComparer.Ordinal));
