using Npgsql;

namespace MarketShock.Data;

/// <summary>Raw commands run on a connection whose transaction the caller holds (imports, recomputation).</summary>
internal static class Sql
{
    /// <summary>Runs a statement and returns the number of rows it changed.</summary>
    public static async Task<int> ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct, params object[] parameters)
    {
        await using var command = Command(connection, sql, parameters);
        return await command.ExecuteNonQueryAsync(ct);
    }

    public static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql, CancellationToken ct, params object[] parameters)
    {
        await using var command = Command(connection, sql, parameters);
        return (T)(await command.ExecuteScalarAsync(ct))!;
    }

    /// <summary>Every row as an array of values (dates as <see cref="DateOnly"/>); for small results only.</summary>
    public static async Task<List<object[]>> QueryAsync(NpgsqlConnection connection, string sql, CancellationToken ct, params object[] parameters)
    {
        await using var command = Command(connection, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<object[]>();
        while (await reader.ReadAsync(ct))
        {
            var values = new object[reader.FieldCount];
            for (var i = 0; i < values.Length; i++)
                values[i] = reader.GetDataTypeName(i) == "date" && !reader.IsDBNull(i) ? reader.GetFieldValue<DateOnly>(i) : reader.GetValue(i);
            rows.Add(values);
        }
        return rows;
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql, object[] parameters)
    {
        // Imports and recomputation run as long as the data needs; cancellation still stops them.
        var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        foreach (var parameter in parameters)
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        return command;
    }
}
