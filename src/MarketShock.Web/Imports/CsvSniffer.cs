using System.Text;
using Sylvan.Data.Csv;

namespace MarketShock.Imports;

/// <summary>How to read a file's text: its encoding, delimiter and first records (the header lines).</summary>
internal sealed record CsvShape(Encoding Encoding, char Delimiter, IReadOnlyList<string[]> FirstRecords);

/// <summary>
/// Looks at the first bytes of a file before it is parsed, so that binary, compressed and oddly encoded
/// files get a clear message rather than a parse error deep inside.
/// </summary>
internal static class CsvSniffer
{
    public const int MaxLineLength = 1 << 20;
    private const int SampleBytes = 64 * 1024;
    public const string NotUtf8 = "the file is not UTF-8 text (save it as UTF-8, or UTF-16 with a byte-order mark)";
    public const string NulBytes = "the file contains NUL bytes: it is binary data, not CSV text";
    public static readonly Encoding StrictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: true, throwOnInvalidBytes: true);
    private static readonly char[] Delimiters = [',', ';', '\t'];

    public static async Task<CsvShape?> SniffAsync(ImportSource source, ImportProblems problems, CancellationToken ct)
    {
        var buffer = new byte[SampleBytes];
        int length;
        await using (var stream = source.Open())
            length = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, ct);
        var sample = buffer.AsSpan(0, length);

        if (sample.IsEmpty)
            return Reject(problems, "the file is empty", line: 1);
        if (sample.StartsWith((ReadOnlySpan<byte>)[0x1F, 0x8B]))
            return Reject(problems, "the file is gzip-compressed: decompress it and import the CSV inside");
        if (sample.StartsWith("PK\u0003\u0004"u8))
            return Reject(problems, "the file is a zip archive (or an Excel workbook): extract or export the CSV and import that");

        var (encoding, bom) = sample switch
        {
            [0xEF, 0xBB, 0xBF, ..] => (Encoding.UTF8, 3),
            [0xFF, 0xFE, ..] => (Encoding.Unicode, 2),
            [0xFE, 0xFF, ..] => (Encoding.BigEndianUnicode, 2),
            _ => ((Encoding)Encoding.UTF8, 0),
        };
        string text;
        try
        {
            text = encoding == Encoding.UTF8
                ? StrictUtf8.GetString(TrimPartialCharacter(sample[bom..], length == SampleBytes))
                : encoding.GetString(sample[bom..]);
        }
        catch (DecoderFallbackException)
        {
            return Reject(problems, NotUtf8);
        }
        if (text.IndexOf('\0', StringComparison.Ordinal) is var nul and >= 0)
        {
            problems.Error(1 + text.AsSpan(0, nul).Count('\n'), null, null, NulBytes);
            return null;
        }
        var firstLineEnd = text.IndexOf('\n', StringComparison.Ordinal);
        if (firstLineEnd < 0 && length == SampleBytes)
            return Reject(problems, $"the first line is longer than {SampleBytes / 1024} KB: this is not a CSV file");
        if (text.AsSpan().Trim().IsEmpty)
            return Reject(problems, "the file is empty", line: 1);

        var firstLine = firstLineEnd < 0 ? text : text[..firstLineEnd];
        var delimiter = Delimiters.MaxBy(d => firstLine.Count(c => c == d));
        var records = FirstRecords(text, delimiter, complete: length < SampleBytes);
        return records.Count > 0 ? new CsvShape(encoding, delimiter, records)
            : Reject(problems, "the header line is not valid CSV (an unterminated quote?)", line: 1);
    }

    /// <summary>The line of the first byte sequence that is not UTF-8 (the reader decodes ahead of the rows it parses).</summary>
    public static async Task<int> FirstInvalidUtf8LineAsync(ImportSource source, CancellationToken ct)
    {
        await using var stream = source.Open();
        var buffer = new byte[SampleBytes];
        var chars = new char[SampleBytes];
        int line = 1, carried = 0, read;
        while ((read = await stream.ReadAsync(buffer.AsMemory(carried), ct)) > 0 || carried > 0)
        {
            var length = carried + read;
            var status = System.Text.Unicode.Utf8.ToUtf16(buffer.AsSpan(0, length), chars, out var consumed, out _,
                replaceInvalidSequences: false, isFinalBlock: read == 0);
            line += buffer.AsSpan(0, consumed).Count((byte)'\n');
            if (status == System.Buffers.OperationStatus.InvalidData || read == 0)
                return line;
            carried = length - consumed; // a character cut by the buffer's end is decoded with the next read
            buffer.AsSpan(consumed, carried).CopyTo(buffer);
        }
        return line;
    }

    public static CsvDataReaderOptions Options(char delimiter) => new()
    {
        HasHeaders = false,
        Delimiter = delimiter,
        MaxBufferSize = MaxLineLength,
    };

    /// <summary>The first three records, read the same way the whole file will be.</summary>
    private static List<string[]> FirstRecords(string text, char delimiter, bool complete)
    {
        if (!complete)
            text = text[..(text.LastIndexOf('\n') + 1)];
        var records = new List<string[]>();
        try
        {
            using var csv = CsvDataReader.Create(new StringReader(text), Options(delimiter));
            while (records.Count < 3 && csv.Read())
                records.Add([.. Enumerable.Range(0, csv.RowFieldCount).Select(csv.GetString)]);
        }
        catch (CsvFormatException)
        {
            // An unterminated quote near the top: the main read reports it with its line.
        }
        return records;
    }

    private static ReadOnlySpan<byte> TrimPartialCharacter(ReadOnlySpan<byte> bytes, bool truncated)
    {
        if (!truncated)
            return bytes;
        // The sample may end inside a multi-byte character; cut back to the last line break.
        var lastNewline = bytes.LastIndexOf((byte)'\n');
        return lastNewline >= 0 ? bytes[..(lastNewline + 1)] : bytes;
    }

    private static CsvShape? Reject(ImportProblems problems, string message, int line = 0)
    {
        problems.Error(line, null, null, message);
        return null;
    }
}
