// Card: Zip/Any/All/First vs zip/any/all/next - zip() stops at the shorter input; next(gen, default) is FirstOrDefault
string[] names = ["ann", "bob", "cid"];
int[] scores = [90, 72];

#region core
foreach (var (name, score) in names.Zip(scores))
    Console.WriteLine($"{name} {score}");
Console.WriteLine($"{scores.Any(s => s > 80)} {scores.All(s => s > 80)}");
Console.WriteLine(Array.Empty<int>().All(s => s > 80));
Console.WriteLine(scores.First(s => s < 80));
Console.WriteLine(scores.FirstOrDefault(s => s > 100, -1));
try
{
    scores.First(s => s > 100);
}
catch (InvalidOperationException)
{
    Console.WriteLine("no match");
}
#endregion
