using System.Globalization;
using MarketShock.Market;
using MarketShock.Tests.Infrastructure;
using Npgsql;

namespace MarketShock.Tests.Market;

/// <summary>
/// A first load computes the figures in C# with <see cref="PgNumeric"/>; later imports and a full recomputation compute them
/// in PostgreSQL. The two must agree to the last digit and the last bit, on the values a price file can hold.
/// </summary>
[Collection(AppCollectionDefinition.Name)]
public sealed class PgNumericTests(AppFixture app)
{
    /// <summary>Pairs of prices as numeric(19,6) stores them, from a millionth to ten trillion, and pairs at the edges.</summary>
    private static List<(decimal A, decimal B)> Pairs()
    {
        var random = new Random(7);
        decimal Price()
        {
            var exponent = random.Next(-6, 13);
            var value = (decimal)random.NextDouble() * (decimal)Math.Pow(10, exponent);
            return Math.Max(Math.Round(value, 6, MidpointRounding.AwayFromZero), 0.000001m);
        }
        var pairs = Enumerable.Range(0, 3000).Select(_ => (Price(), Price())).ToList();
        // Ordinary daily moves, exact ratios, equal first digits, and the extremes of the column.
        pairs.AddRange(Enumerable.Range(0, 2000).Select(_ =>
        {
            var b = Price();
            return (Math.Max(Math.Round(b * (decimal)(1 + (random.NextDouble() - 0.5) * 0.2), 6, MidpointRounding.AwayFromZero), 0.000001m), b);
        }));
        pairs.AddRange([(100m, 50m), (50m, 100m), (1m, 3m), (2m, 3m), (9999.999999m, 10000m), (10000m, 9999.999999m), (0.000001m, 9_999_999_999_999.999999m),
            (9_999_999_999_999.999999m, 0.000001m), (1234.5678m, 1234.5678m), (0.5m, 0.000001m), (118.42m, 142.62m), (1m, 20000m), (0.0001m, 0.0001m)]);
        return pairs;
    }

    [Fact]
    public async Task Changes_their_squares_and_split_ratios_agree_with_PostgreSQL_digit_for_digit()
    {
        var pairs = Pairs();
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT x.change::text, (x.change * x.change)::text, x.change::float8, (x.change * x.change)::float8,
                   (t.a / t.b)::text, round(t.a / t.b)::text, (t.a / t.b / nullif(round(t.a / t.b), 0))::text,
                   (t.a * 1.96)::text, ((t.a - t.b) * 24490000000)::text
            FROM unnest($1::numeric[], $2::numeric[]) WITH ORDINALITY AS u(a, b, n)
            CROSS JOIN LATERAL (SELECT u.a::numeric(19,6) AS a, u.b::numeric(19,6) AS b) t
            CROSS JOIN LATERAL (SELECT round(t.a, 20) / t.b - 1 AS change) x
            ORDER BY u.n
            """, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = pairs.Select(p => p.A).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = pairs.Select(p => p.B).ToArray() });
        await using var reader = await command.ExecuteReaderAsync();
        var checkedPairs = 0;
        foreach (var (a, b) in pairs)
        {
            Assert.True(await reader.ReadAsync());
            var (x, y) = (PgNumeric.FromDecimal(a, 6), PgNumeric.FromDecimal(b, 6));
            var change = x.WithScale(20) / y - PgNumeric.One;
            var what = $"{a} / {b}";
            Assert.True(reader.GetString(0) == change.ToString(), $"{what}: change {reader.GetString(0)} in PostgreSQL, {change} in C#");
            Assert.Equal(reader.GetString(1), (change * change).ToString());
            Assert.True(reader.GetDouble(2) == change.ToDouble(), $"{what}: change as float8 {reader.GetDouble(2):R} in PostgreSQL, {change.ToDouble():R} in C#");
            Assert.True(reader.GetDouble(3) == (change * change).ToDouble(), $"{what}: square as float8");
            var ratio = x / y;
            Assert.Equal(reader.GetString(4), ratio.ToString());
            Assert.Equal(reader.GetString(5), ratio.Round(0).ToString());
            if (ratio.Round(0).Sign != 0)
                Assert.Equal(reader.GetString(6), (ratio / ratio.Round(0)).ToString());
            Assert.Equal(reader.GetString(7), (x * PgNumeric.Parse("1.96")).ToString());
            Assert.Equal(reader.GetString(8), ((x - y) * PgNumeric.FromInteger(24_490_000_000)).ToString());
            checkedPairs++;
        }
        Assert.Equal(5013, checkedPairs);
    }

    [Fact]
    public async Task Values_written_in_COPY_binary_format_read_back_as_the_same_text()
    {
        var random = new Random(11);
        var values = new List<PgNumeric> { PgNumeric.Zero, new(0, 6), new(0, 40), PgNumeric.One, new(-1, 0), new(1, 4), new(10000, 0), new(9999, 4),
            new(-123456789, 20), new(System.Numerics.BigInteger.Pow(10, 39) * 7 + 1, 40) };
        for (var i = 0; i < 2000; i++)
        {
            var digits = string.Concat(Enumerable.Range(0, random.Next(1, 60)).Select(_ => (char)('0' + random.Next(10))));
            var value = System.Numerics.BigInteger.Parse(digits, CultureInfo.InvariantCulture);
            values.Add(new PgNumeric(random.Next(2) == 0 ? value : -value, random.Next(0, 45)));
        }
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await new NpgsqlCommand("CREATE TEMP TABLE numbers (n int, value numeric, price numeric)", connection).ExecuteNonQueryAsync();
        var prices = values.Select((_, i) => i % 3 == 0 ? -(decimal)random.NextDouble() * 1e9m : Math.Round((decimal)random.NextDouble() * 1e6m, i % 9)).ToList();
        await using (var copy = await CopyWriter.BeginAsync(connection, "COPY numbers (n, value, price) FROM STDIN (FORMAT BINARY)", CancellationToken.None))
        {
            for (var i = 0; i < values.Count; i++)
            {
                copy.StartRow(3);
                copy.Integer(i);
                copy.Numeric(values[i]);
                copy.Numeric(prices[i]);
            }
            await copy.CompleteAsync(CancellationToken.None);
        }
        await using var reader = await new NpgsqlCommand("SELECT value::text, price::text FROM numbers ORDER BY n", connection).ExecuteReaderAsync();
        foreach (var (value, price) in values.Zip(prices))
        {
            Assert.True(await reader.ReadAsync());
            Assert.Equal(value.ToString(), reader.GetString(0));
            Assert.Equal(price.ToString(CultureInfo.InvariantCulture), reader.GetString(1));
        }
        Assert.False(await reader.ReadAsync());
    }
}
