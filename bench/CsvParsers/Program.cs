// Compares the two CSV readers the importer could use on the same long-form price file, the way the
// importer reads it: every field of every row, dates and numbers parsed from the field text.
using System.Diagnostics;
using System.Globalization;
using System.Buffers.Text;
using Sylvan.Data.Csv;

if (args.Length != 1)
{
    Console.Error.WriteLine("usage: CsvParsers <long-form-prices.csv>");
    return 2;
}
var path = args[0];
for (var round = 1; round <= 3; round++)
{
    Measure("Sylvan.Data.Csv", () => ReadWithSylvan(path));
    Measure("CsvHelper", () => ReadWithCsvHelper(path));
}
return 0;

static void Measure(string name, Func<(int Rows, decimal Sum)> read)
{
    var stopwatch = Stopwatch.StartNew();
    var (rows, sum) = read();
    Console.WriteLine($"{name,-16} {rows,10:N0} rows  {stopwatch.Elapsed.TotalSeconds,6:0.00} s  (checksum {sum:0.00})");
}

static (int, decimal) ReadWithSylvan(string path)
{
    using var csv = CsvDataReader.Create(path, new CsvDataReaderOptions { HasHeaders = true });
    var (rows, sum) = (0, 0m);
    while (csv.Read())
    {
        rows++;
        _ = csv.GetFieldSpan(0).Length;
        _ = DateOnly.ParseExact(csv.GetFieldSpan(1), "yyyy-MM-dd", CultureInfo.InvariantCulture);
        for (var i = 2; i <= 5; i++)
            sum += decimal.Parse(csv.GetFieldSpan(i), NumberStyles.Float, CultureInfo.InvariantCulture);
        _ = long.Parse(csv.GetFieldSpan(7), CultureInfo.InvariantCulture);
    }
    return (rows, sum);
}

static (int, decimal) ReadWithCsvHelper(string path)
{
    using var csv = CsvHelper.CsvReader.FromFile(path, new CsvHelper.CsvReaderOptions { HasHeader = true });
    var (rows, sum) = (0, 0m);
    Span<char> date = stackalloc char[16];
    while (csv.Read())
    {
        rows++;
        // CsvHelper 34 hands out UTF-8 bytes: numbers parse straight from them, the date through a char buffer.
        _ = csv.GetSpan(0).Length;
        _ = DateOnly.ParseExact(date[..csv.GetChars(1, date)], "yyyy-MM-dd", CultureInfo.InvariantCulture);
        for (var i = 2; i <= 5; i++)
        {
            if (!Utf8Parser.TryParse(csv.GetSpan(i), out decimal value, out _))
                throw new FormatException($"row {rows}: not a number");
            sum += value;
        }
        if (!Utf8Parser.TryParse(csv.GetSpan(7), out long _, out _))
            throw new FormatException($"row {rows}: not a volume");
    }
    return (rows, sum);
}
