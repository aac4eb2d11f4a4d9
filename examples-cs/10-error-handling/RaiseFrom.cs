// Card: raise ... from e vs new Exception(message, inner) - the original error becomes __cause__, like InnerException
#region core
static int ParsePort(string text)
{
    try
    {
        return int.Parse(text);
    }
    catch (FormatException e)
    {
        throw new ConfigException($"bad port '{text}'", e); // e becomes InnerException
    }
}

foreach (string text in new[] { "8080", "80x" })
{
    try
    {
        Console.WriteLine($"port {ParsePort(text)}");
    }
    catch (ConfigException e)
    {
        Console.WriteLine($"config error: {e.Message}");
        Console.WriteLine($"cause is the parse error: {e.InnerException is FormatException}");
    }
}
#endregion

sealed class ConfigException(string message, Exception inner) : Exception(message, inner);
