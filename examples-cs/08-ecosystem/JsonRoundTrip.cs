// Card: json.dumps/loads vs JsonSerializer - indent=2 matches WriteIndented, but compact output and key names differ
using System.Text.Json;

#region core
var indented = new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true };
var compact = new JsonSerializerOptions(JsonSerializerDefaults.Web);

var order = new Order(7, "Ada", ["tea", "scones"], true);
Console.WriteLine(JsonSerializer.Serialize(order, indented));
Console.WriteLine(JsonSerializer.Serialize(order, compact));

var back = JsonSerializer.Deserialize<Order>(
    """{"id": 8, "customer": "Linus", "items": [], "paid": false, "note": null}""", compact)!;
Console.WriteLine($"{back.Customer}: {back.Items.Count} items, paid={back.Paid}, note={back.Note ?? "(none)"}");
#endregion

record Order(int Id, string Customer, List<string> Items, bool Paid, string? Note = null);
