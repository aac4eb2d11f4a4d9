// Card: pathlib.Path vs System.IO.Path - / joins paths, .stem drops only the last suffix, mkdir needs exist_ok
#region core
string report = Path.Combine("data", "reports", "q1.tar.gz");
Console.WriteLine(report);
Console.WriteLine(Path.GetFileName(report));
Console.WriteLine(Path.GetFileNameWithoutExtension(report));
Console.WriteLine(Path.GetExtension(report));
Console.WriteLine(Path.GetDirectoryName(report));
Console.WriteLine(Path.ChangeExtension(report, ".zip"));
#endregion

#region files
string outDir = "out";
Directory.CreateDirectory(outDir); // succeeds silently if it already exists
File.WriteAllText(Path.Combine(outDir, "b.txt"), "beta\n");
File.WriteAllText(Path.Combine(outDir, "a.txt"), "alpha\nfirst\n");
foreach (string file in Directory.GetFiles(outDir, "*.txt").Order(StringComparer.Ordinal))
{
    Console.WriteLine($"{Path.GetFileName(file)}: {File.ReadAllLines(file).Length} line(s)");
}
File.Delete(Path.Combine(outDir, "a.txt"));
Console.WriteLine($"a.txt exists: {File.Exists(Path.Combine(outDir, "a.txt"))}");
#endregion
