stdlib Regex
