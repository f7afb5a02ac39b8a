namespace Manyi.Analytics.Tests.Pls;

public class MobiDataTests
{
    /// <summary>
    /// The in-repository copy must be the reference data set byte for byte. CI (CI=true) always has shared/ beside the clone
    /// and fails without it; a developer's fresh clone without shared/ has nothing to compare against.
    /// </summary>
    [Fact]
    public void Copy_InDocsExamples_IsTheSharedReferenceData()
    {
        var shared = MobiData.SharedPath();
        if (shared is null)
        {
            Assert.False(
                string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase),
                "CI must provide ../shared/data/mobi.csv beside the clone (see shared/data/README.md)");
            return;
        }
        Assert.Equal(File.ReadAllBytes(shared), File.ReadAllBytes(MobiData.Path()));
    }

    [Fact]
    public void Load_Mobi_Has250RowsOf24Indicators()
    {
        Assert.Equal(24, MobiData.Names.Count);
        Assert.All(MobiData.Columns, c => Assert.Equal(250, c.Count));
    }
}
