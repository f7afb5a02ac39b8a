using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Manyi.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class PortfolioIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Responses_OrganisationId_CustomerId",
                table: "Responses");

            migrationBuilder.DropIndex(
                name: "IX_CustomerMeasures_OrganisationId_Measure_PeriodStart",
                table: "CustomerMeasures");

            migrationBuilder.CreateIndex(
                name: "IX_Responses_OrganisationId_CustomerId_Status_SubmittedAt_Id",
                table: "Responses",
                columns: new[] { "OrganisationId", "CustomerId", "Status", "SubmittedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_CustomerMeasures_OrganisationId_Measure_PeriodStart_PeriodEnd_CustomerId_Value",
                table: "CustomerMeasures",
                columns: new[] { "OrganisationId", "Measure", "PeriodStart", "PeriodEnd", "CustomerId", "Value" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Responses_OrganisationId_CustomerId_Status_SubmittedAt_Id",
                table: "Responses");

            migrationBuilder.DropIndex(
                name: "IX_CustomerMeasures_OrganisationId_Measure_PeriodStart_PeriodEnd_CustomerId_Value",
                table: "CustomerMeasures");

            migrationBuilder.CreateIndex(
                name: "IX_Responses_OrganisationId_CustomerId",
                table: "Responses",
                columns: new[] { "OrganisationId", "CustomerId" });

            migrationBuilder.CreateIndex(
                name: "IX_CustomerMeasures_OrganisationId_Measure_PeriodStart",
                table: "CustomerMeasures",
                columns: new[] { "OrganisationId", "Measure", "PeriodStart" });
        }
    }
}
