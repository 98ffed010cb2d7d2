using Npgsql;
using NpgsqlTypes;

namespace MarketShock.Imports;

/// <summary>Writes staged rows through Npgsql's binary COPY, a row at a time, each value already checked.</summary>
internal sealed class StagingWriter(NpgsqlBinaryImporter copy)
{
    public void StartRow(int line, string ticker)
    {
        copy.StartRow();
        copy.Write(line, NpgsqlDbType.Integer);
        copy.Write(ticker, NpgsqlDbType.Text);
    }

    public void Write(long? value) => Write(value, NpgsqlDbType.Bigint);

    public void Write(decimal? value) => Write(value, NpgsqlDbType.Numeric);

    public void Write(DateOnly value) => copy.Write(value, NpgsqlDbType.Date);

    public void Write(string? value)
    {
        if (value is null)
            copy.WriteNull();
        else
            copy.Write(value, NpgsqlDbType.Text);
    }

    private void Write<T>(T? value, NpgsqlDbType type) where T : struct
    {
        if (value is { } v)
            copy.Write(v, type);
        else
            copy.WriteNull();
    }
}
