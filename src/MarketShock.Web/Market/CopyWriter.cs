using System.Buffers.Binary;
using System.Numerics;
using Npgsql;

namespace MarketShock.Market;

/// <summary>
/// Rows in COPY's binary format, encoded here and written to Npgsql's raw COPY stream in blocks. A first load writes 24
/// values a row for millions of rows: through NpgsqlBinaryImporter each value passes through a parameter of its own and
/// its type resolution, a quarter of the load's time in C#.
/// </summary>
internal sealed class CopyWriter(NpgsqlRawCopyStream stream) : IAsyncDisposable
{
    private static readonly byte[] Header = [(byte)'P', (byte)'G', (byte)'C', (byte)'O', (byte)'P', (byte)'Y', (byte)'\n', 0xFF, (byte)'\r', (byte)'\n', 0, 0, 0, 0, 0, 0, 0, 0, 0];

    private static readonly int PostgresEpoch = new DateOnly(2000, 1, 1).DayNumber;

    // Base-10,000 digits of 10^36, the chunk of a BigInteger that fits an UInt128.
    private static readonly BigInteger Chunk = BigInteger.Pow(10, 36);

    private readonly byte[] _buffer = new byte[1 << 16];
    private int _length;
    private bool _open = true;

    public static async Task<CopyWriter> BeginAsync(NpgsqlConnection connection, string copy, CancellationToken ct)
    {
        var writer = new CopyWriter(await connection.BeginRawBinaryCopyAsync(copy, ct));
        Header.CopyTo(writer._buffer, 0);
        writer._length = Header.Length;
        return writer;
    }

    /// <summary>Starts a row of this many values; the buffer is written out first when the row might not fit.</summary>
    public void StartRow(short values)
    {
        if (_length > _buffer.Length - 1024)
            Flush();
        Int16(values);
    }

    public void Null() => Int32(-1);

    public void Integer(int value)
    {
        Int32(4);
        Int32(value);
    }

    public void Bigint(long value)
    {
        Int32(8);
        BinaryPrimitives.WriteInt64BigEndian(_buffer.AsSpan(_length), value);
        _length += 8;
    }

    public void Bigint(long? value)
    {
        if (value is { } v)
            Bigint(v);
        else
            Null();
    }

    public void Boolean(bool value)
    {
        Int32(1);
        _buffer[_length++] = value ? (byte)1 : (byte)0;
    }

    public void Text(string value)
    {
        var length = System.Text.Encoding.UTF8.GetByteCount(value);
        if (_length + 4 + length > _buffer.Length)
            Flush();
        Int32(length);
        _length += System.Text.Encoding.UTF8.GetBytes(value, _buffer.AsSpan(_length));
    }

    public void Date(DateOnly value) => Integer(value.DayNumber - PostgresEpoch);

    public void Date(DateOnly? value)
    {
        if (value is { } v)
            Date(v);
        else
            Null();
    }

    public void Double(double? value)
    {
        if (value is not { } v)
        {
            Null();
            return;
        }
        Int32(8);
        BinaryPrimitives.WriteDoubleBigEndian(_buffer.AsSpan(_length), v);
        _length += 8;
    }

    /// <summary>A <c>smallint[]</c> of one dimension (no nulls; an empty one has no dimension, as PostgreSQL writes it).</summary>
    public void SmallintArray(IReadOnlyList<short> values)
    {
        const int Int2Oid = 21;
        Int32(values.Count == 0 ? 12 : 20 + 6 * values.Count);
        Int32(values.Count == 0 ? 0 : 1);
        Int32(0);
        Int32(Int2Oid);
        if (values.Count == 0)
            return;
        Int32(values.Count);
        Int32(1);
        foreach (var value in values)
        {
            Int32(2);
            Int16(value);
        }
    }

    public void Numeric(decimal? value)
    {
        if (value is not { } v)
        {
            Null();
            return;
        }
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(v, bits);
        var magnitude = ((UInt128)(uint)bits[2] << 64) | ((UInt128)(uint)bits[1] << 32) | (uint)bits[0];
        Numeric(magnitude, bits[3] < 0, (bits[3] >> 16) & 0xFF);
    }

    public void Numeric(PgNumeric? value)
    {
        if (value is not { } v)
        {
            Null();
            return;
        }
        var magnitude = BigInteger.Abs(v.Unscaled);
        if (magnitude < UInt128.MaxValue / 1000)
        {
            Numeric((UInt128)magnitude, v.Sign < 0, v.Scale);
            return;
        }
        // Longer than an UInt128: 36 decimal digits at a time, least significant first.
        var pad = (4 - v.Scale % 4) % 4;
        magnitude *= BigInteger.Pow(10, pad);
        Span<short> digits = stackalloc short[MaxDigits(magnitude)];
        var count = 0;
        while (!magnitude.IsZero)
        {
            magnitude = BigInteger.DivRem(magnitude, Chunk, out var part);
            var chunk = (UInt128)part;
            for (var i = 0; i < 9 && (chunk > 0 || !magnitude.IsZero); i++)
            {
                digits[count++] = (short)(ulong)(chunk % 10000);
                chunk /= 10000;
            }
        }
        WriteDigits(digits[..count], v.Sign < 0, v.Scale, (v.Scale + pad) / 4);
    }

    private static int MaxDigits(BigInteger magnitude) => (int)(magnitude.GetBitLength() / 13) + 10;

    /// <summary>numeric's binary format (numeric_send): digit count, weight of the first, sign, display scale, then the
    /// base-10,000 digits most significant first, without zero digits at either end.</summary>
    private void Numeric(UInt128 magnitude, bool negative, int scale)
    {
        var pad = (4 - scale % 4) % 4;
        for (var i = 0; i < pad; i++)
            magnitude *= 10;
        Span<short> digits = stackalloc short[10];
        var count = 0;
        while (magnitude > 0)
        {
            digits[count++] = (short)(ulong)(magnitude % 10000);
            magnitude /= 10000;
        }
        WriteDigits(digits[..count], negative, scale, (scale + pad) / 4);
    }

    /// <param name="digits">Least significant first.</param>
    /// <param name="fraction">How many of them are after the point.</param>
    private void WriteDigits(ReadOnlySpan<short> digits, bool negative, int scale, int fraction)
    {
        var low = 0;
        while (low < digits.Length && digits[low] == 0)
            low++;
        var count = digits.Length - low;
        Int32(8 + 2 * count);
        Int16((short)count);
        Int16((short)(count == 0 ? 0 : digits.Length - fraction - 1));
        Int16(negative && count > 0 ? (short)0x4000 : (short)0);
        Int16((short)scale);
        for (var i = digits.Length - 1; i >= low; i--)
            Int16(digits[i]);
    }

    private void Int16(short value)
    {
        BinaryPrimitives.WriteInt16BigEndian(_buffer.AsSpan(_length), value);
        _length += 2;
    }

    private void Int32(int value)
    {
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_length), value);
        _length += 4;
    }

    private void Flush()
    {
        stream.Write(_buffer, 0, _length);
        _length = 0;
    }

    /// <summary>Writes the trailer and ends the COPY.</summary>
    public async Task CompleteAsync(CancellationToken ct)
    {
        Int16(-1);
        await stream.WriteAsync(_buffer.AsMemory(0, _length), ct);
        _length = 0;
        _open = false;
        await stream.DisposeAsync();
    }

    /// <summary>Cancels the COPY when it was not completed: nothing it wrote is kept.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_open)
            return;
        _open = false;
        try
        {
            await stream.CancelAsync();
            await stream.DisposeAsync();
        }
        catch (Exception ex) when (ex is ObjectDisposedException or NpgsqlException or IOException)
        {
            // The connection broke during the COPY (the database restarted): the server dropped what it had, and the error
            // that broke it is the one to report, and to retry on, not this one hiding it.
        }
    }
}
