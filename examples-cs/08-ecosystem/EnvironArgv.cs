// Card: os.environ / sys.argv vs Environment / args - env values are always str, and sys.argv[0] is the script itself
#region core
Environment.SetEnvironmentVariable("MIRROR_DEMO_LEVEL", "3");
int level = int.Parse(Environment.GetEnvironmentVariable("MIRROR_DEMO_LEVEL") ?? "1");
string? missing = Environment.GetEnvironmentVariable("MIRROR_DEMO_MISSING"); // null, no exception
Console.WriteLine($"level={level} missing={missing ?? "(unset)"}");
Console.WriteLine($"{Environment.GetEnvironmentVariable("MIRROR_DEMO_MISSING") ?? "fallback"} {missing is not null}");

Environment.SetEnvironmentVariable("MIRROR_DEMO_LEVEL", null);
Console.WriteLine($"after del: {Environment.GetEnvironmentVariable("MIRROR_DEMO_LEVEL") ?? "(unset)"}");

// top-level `args` excludes the program; Environment.GetCommandLineArgs()[0] is the program
Console.WriteLine($"{args.Length} argument(s): [{string.Join(", ", args)}]");
#endregion
