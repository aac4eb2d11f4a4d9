// Card: str(e) vs e.Message, add_note vs Data - build the message in __init__; str(KeyError("k")) would add quotes
#region core
static void ValidateAge(int age)
{
    if (age < 0)
        throw new ValidationException("age", age);
}

static void ImportRow(int row, int age)
{
    try
    {
        ValidateAge(age);
    }
    catch (ValidationException e)
    {
        e.Data["note"] = $"while importing row {row}";
        throw;
    }
}

try
{
    ImportRow(3, -5);
}
catch (ValidationException e)
{
    Console.WriteLine($"message: {e.Message}");
    Console.WriteLine($"field: {e.Field}");
    Console.WriteLine($"note: {e.Data["note"]}");
}
#endregion

#region class
sealed class ValidationException(string field, int value)
    : Exception($"{field} must be >= 0, got {value}")
{
    public string Field { get; } = field;
}
#endregion
