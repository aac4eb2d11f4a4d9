// Card: bare raise vs throw; - both re-raise the same exception with its original traceback; Python has no throw-e trap
#region core
static void ImportFile()
{
    try
    {
        Load();
    }
    catch (ArgumentException e)
    {
        Console.WriteLine($"log: {e.Message}");
        throw; // not `throw e;`, which would restart the stack trace here
    }
}

try
{
    ImportFile();
}
catch (ArgumentException e)
{
    Console.WriteLine($"caller sees: {e.Message}");
    Console.WriteLine($"traceback still reaches load(): {e.StackTrace!.Contains(nameof(Load))}");
}
#endregion

static void Load() => throw new ArgumentException("bad header");
