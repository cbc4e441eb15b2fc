// display prefix only
export const tokenHint = "AKIAFKUMWU";
export const masked = true;
