using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable
#pragma warning disable CA1861 // generated code: Up runs once

namespace MarketShock.Data.Migrations
{
    /// <summary>
    /// The figures of each day move into its price row, and <c>daily_moves</c> becomes a view over the price rows with the
    /// same columns (M_t and M_{t−1} computed on read): an import writes each company-day once, rather than a price row and a
    /// move three times as wide with seven indexes of its own. The figures are left to compute: the app recomputes them from
    /// the stored prices when it starts (ShockAnalytics.RecomputeIfMissingAsync), and the market days with them.
    /// </summary>
    public partial class FiguresInPriceRows : Migration
    {
        // The columns readers know as daily_moves. A plain projection of one table: PostgreSQL pushes every filter and sort
        // through it to the indexes of daily_prices, and the columns that are the table's own can be updated through it.
        internal const string CreateMovesView = """
            CREATE VIEW daily_moves AS
            SELECT company_id, date, close, previous_date, previous_close, change, after_gap, suspected_split, ranked,
                   shares, shares_approximate, close * shares AS market_cap, previous_close * previous_shares AS market_cap_before,
                   market_cap_change, market_cap_approximate, volatility, z_score, running_count, running_sum, running_sum_of_squares
            FROM daily_prices
            """;

        // Rows whose figures are not computed yet: none once the app has started, but after this migration every row. A partial
        // index that stays empty makes the start's check a probe rather than a scan of every price.
        private const string WithoutFigures = """
            ALTER TABLE daily_prices
                ADD COLUMN running_count int,
                ADD COLUMN running_sum numeric,
                ADD COLUMN running_sum_of_squares numeric;
            CREATE INDEX ix_daily_prices_without_figures ON daily_prices (company_id) WHERE running_count IS NULL
            """;

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP VIEW daily_move_history");
            migrationBuilder.DropTable(
                name: "daily_moves");
            migrationBuilder.Sql("TRUNCATE market_days");
            migrationBuilder.Sql(WithoutFigures);

            migrationBuilder.AddColumn<bool>(
                name: "after_gap",
                table: "daily_prices",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<double>(
                name: "change",
                table: "daily_prices",
                type: "double precision",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "market_cap_approximate",
                table: "daily_prices",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<decimal>(
                name: "market_cap_change",
                table: "daily_prices",
                type: "numeric(28,6)",
                precision: 28,
                scale: 6,
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "previous_close",
                table: "daily_prices",
                type: "numeric(19,6)",
                precision: 19,
                scale: 6,
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "previous_date",
                table: "daily_prices",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "previous_shares",
                table: "daily_prices",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "ranked",
                table: "daily_prices",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<long>(
                name: "shares",
                table: "daily_prices",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "shares_approximate",
                table: "daily_prices",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "suspected_split",
                table: "daily_prices",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<double>(
                name: "volatility",
                table: "daily_prices",
                type: "double precision",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "z_score",
                table: "daily_prices",
                type: "double precision",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_daily_prices_date_market_cap_change",
                table: "daily_prices",
                columns: new[] { "date", "market_cap_change" });

            migrationBuilder.CreateIndex(
                name: "ix_daily_prices_ranked_by_change",
                table: "daily_prices",
                columns: new[] { "company_id", "change" },
                filter: "ranked");

            migrationBuilder.CreateIndex(
                name: "ix_daily_prices_ranked_by_loss",
                table: "daily_prices",
                columns: new[] { "company_id", "market_cap_change" },
                filter: "market_cap_change IS NOT NULL AND ranked");

            migrationBuilder.CreateIndex(
                name: "ix_daily_prices_shocks_by_change",
                table: "daily_prices",
                column: "change",
                filter: "change < 0 AND ranked");

            migrationBuilder.CreateIndex(
                name: "ix_daily_prices_shocks_by_loss",
                table: "daily_prices",
                column: "market_cap_change",
                filter: "change < 0 AND ranked");

            migrationBuilder.CreateIndex(
                name: "ix_daily_prices_shocks_by_sigma",
                table: "daily_prices",
                column: "z_score",
                filter: "change < 0 AND ranked")
                .Annotation("Npgsql:IndexInclude", new[] { "change", "market_cap_change", "date", "company_id" });

            migrationBuilder.Sql(CreateMovesView);
            migrationBuilder.Sql(RankedAndSuspectedSplits.CreateView);
        }

        /// <inheritdoc />
        /// <remarks>The moves' table comes back empty, and the market days with it; the app recomputes them when it starts.</remarks>
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP VIEW daily_move_history; DROP VIEW daily_moves; TRUNCATE market_days");
            migrationBuilder.Sql("""
                DROP INDEX ix_daily_prices_without_figures;
                ALTER TABLE daily_prices DROP COLUMN running_count, DROP COLUMN running_sum, DROP COLUMN running_sum_of_squares
                """);
            migrationBuilder.DropIndex(
                name: "ix_daily_prices_date_market_cap_change",
                table: "daily_prices");

            migrationBuilder.DropIndex(
                name: "ix_daily_prices_ranked_by_change",
                table: "daily_prices");

            migrationBuilder.DropIndex(
                name: "ix_daily_prices_ranked_by_loss",
                table: "daily_prices");

            migrationBuilder.DropIndex(
                name: "ix_daily_prices_shocks_by_change",
                table: "daily_prices");

            migrationBuilder.DropIndex(
                name: "ix_daily_prices_shocks_by_loss",
                table: "daily_prices");

            migrationBuilder.DropIndex(
                name: "ix_daily_prices_shocks_by_sigma",
                table: "daily_prices");

            migrationBuilder.DropColumn(
                name: "after_gap",
                table: "daily_prices");

            migrationBuilder.DropColumn(
                name: "change",
                table: "daily_prices");

            migrationBuilder.DropColumn(
                name: "market_cap_approximate",
                table: "daily_prices");

            migrationBuilder.DropColumn(
                name: "market_cap_change",
                table: "daily_prices");

            migrationBuilder.DropColumn(
                name: "previous_close",
                table: "daily_prices");

            migrationBuilder.DropColumn(
                name: "previous_date",
                table: "daily_prices");

            migrationBuilder.DropColumn(
                name: "previous_shares",
                table: "daily_prices");

            migrationBuilder.DropColumn(
                name: "ranked",
                table: "daily_prices");

            migrationBuilder.DropColumn(
                name: "shares",
                table: "daily_prices");

            migrationBuilder.DropColumn(
                name: "shares_approximate",
                table: "daily_prices");

            migrationBuilder.DropColumn(
                name: "suspected_split",
                table: "daily_prices");

            migrationBuilder.DropColumn(
                name: "volatility",
                table: "daily_prices");

            migrationBuilder.DropColumn(
                name: "z_score",
                table: "daily_prices");

            migrationBuilder.CreateTable(
                name: "daily_moves",
                columns: table => new
                {
                    company_id = table.Column<int>(type: "integer", nullable: false),
                    date = table.Column<DateOnly>(type: "date", nullable: false),
                    after_gap = table.Column<bool>(type: "boolean", nullable: false),
                    change = table.Column<double>(type: "double precision", nullable: true),
                    close = table.Column<decimal>(type: "numeric(19,6)", precision: 19, scale: 6, nullable: false),
                    market_cap = table.Column<decimal>(type: "numeric(28,6)", precision: 28, scale: 6, nullable: true),
                    market_cap_approximate = table.Column<bool>(type: "boolean", nullable: false),
                    market_cap_before = table.Column<decimal>(type: "numeric(28,6)", precision: 28, scale: 6, nullable: true),
                    market_cap_change = table.Column<decimal>(type: "numeric(28,6)", precision: 28, scale: 6, nullable: true),
                    previous_close = table.Column<decimal>(type: "numeric(19,6)", precision: 19, scale: 6, nullable: true),
                    previous_date = table.Column<DateOnly>(type: "date", nullable: true),
                    ranked = table.Column<bool>(type: "boolean", nullable: false),
                    shares = table.Column<long>(type: "bigint", nullable: true),
                    shares_approximate = table.Column<bool>(type: "boolean", nullable: false),
                    suspected_split = table.Column<bool>(type: "boolean", nullable: false),
                    volatility = table.Column<double>(type: "double precision", nullable: true),
                    z_score = table.Column<double>(type: "double precision", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_daily_moves", x => new { x.company_id, x.date });
                });

            migrationBuilder.CreateIndex(
                name: "ix_daily_moves_date_market_cap_change",
                table: "daily_moves",
                columns: new[] { "date", "market_cap_change" });

            migrationBuilder.CreateIndex(
                name: "ix_daily_moves_ranked_by_change",
                table: "daily_moves",
                columns: new[] { "company_id", "change" },
                filter: "ranked");

            migrationBuilder.CreateIndex(
                name: "ix_daily_moves_ranked_by_loss",
                table: "daily_moves",
                columns: new[] { "company_id", "market_cap_change" },
                filter: "market_cap_change IS NOT NULL AND ranked");

            migrationBuilder.CreateIndex(
                name: "ix_daily_moves_shocks_by_change",
                table: "daily_moves",
                column: "change",
                filter: "change < 0 AND ranked");

            migrationBuilder.CreateIndex(
                name: "ix_daily_moves_shocks_by_loss",
                table: "daily_moves",
                column: "market_cap_change",
                filter: "change < 0 AND ranked");

            migrationBuilder.CreateIndex(
                name: "ix_daily_moves_shocks_by_sigma",
                table: "daily_moves",
                column: "z_score",
                filter: "change < 0 AND ranked")
                .Annotation("Npgsql:IndexInclude", new[] { "change", "market_cap_change", "date", "company_id" });

            migrationBuilder.Sql("""
                ALTER TABLE daily_moves
                    ADD COLUMN running_count int NOT NULL,
                    ADD COLUMN running_sum numeric NOT NULL,
                    ADD COLUMN running_sum_of_squares numeric NOT NULL
                """);
            migrationBuilder.Sql(RankedAndSuspectedSplits.CreateView);
        }
    }
}
