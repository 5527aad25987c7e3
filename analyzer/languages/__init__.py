"""What a path is, as GitHub Linguist decides it, and the analysed revision's tree."""
