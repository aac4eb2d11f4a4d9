// Card: finally runs on return, on exception and on break/continue - the return value is computed before finally runs
#region core
static string Read(int n)
{
    Console.WriteLine($"try {n}");
    try
    {
        if (n < 0)
            throw new ArgumentException("negative");
        return $"value {n}"; // evaluated now, handed back after finally
    }
    finally
    {
        Console.WriteLine($"finally {n}");
    }
}

Console.WriteLine(Read(1));
try
{
    Read(-1);
}
catch (ArgumentException e)
{
    Console.WriteLine($"caught {e.Message}");
}
#endregion

#region loop
for (int i = 0; i < 3; i++)
{
    try
    {
        if (i == 0)
            continue;
        if (i == 2)
            break;
        Console.WriteLine($"body {i}");
    }
    finally
    {
        Console.WriteLine($"cleanup {i}");
    }
}
#endregion
