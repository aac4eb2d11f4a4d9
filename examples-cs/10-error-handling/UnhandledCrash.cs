// Card: an unhandled exception ends the program with a nonzero exit code - what was printed before the crash is still there
#region core
static void ParseAll(string[] items)
{
    foreach (string item in items)
        Console.WriteLine($"parsed {int.Parse(item)}"); // int.Parse("three") throws FormatException
}

Console.WriteLine("starting");
ParseAll(["1", "2", "three", "4"]);
Console.WriteLine("never printed"); // "Unhandled exception." goes to stderr, exit code 134 on Linux
#endregion
