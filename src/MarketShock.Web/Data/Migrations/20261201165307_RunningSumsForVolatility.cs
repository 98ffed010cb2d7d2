using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MarketShock.Data.Migrations
{
    /// <summary>
    /// The count, sum and sum of squares of each series' ranked changes up to and including the day, so that σ of a new day
    /// is the difference of two stored rows' figures rather than a window over its last 250 rows (insert_moves.sql). Exact
    /// in numeric, which .NET's decimal cannot hold: the columns are written and read only by SQL, and are not in the model.
    /// The derived tables are emptied: the app recomputes them from the stored prices when it starts.
    /// </summary>
    public partial class RunningSumsForVolatility : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("TRUNCATE daily_moves, market_days");
            migrationBuilder.Sql("""
                ALTER TABLE daily_moves
                    ADD COLUMN running_count int NOT NULL,
                    ADD COLUMN running_sum numeric NOT NULL,
                    ADD COLUMN running_sum_of_squares numeric NOT NULL
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("TRUNCATE daily_moves, market_days");
            migrationBuilder.Sql("""
                ALTER TABLE daily_moves DROP COLUMN running_count, DROP COLUMN running_sum, DROP COLUMN running_sum_of_squares
                """);
        }
    }
}
