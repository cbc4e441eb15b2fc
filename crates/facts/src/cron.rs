//! Cron schedules (five fields, as Kubernetes CronJobs, GitHub Actions, crontab and Velero read
//! them, plus the `@daily`-style macros and `@every DURATION`): validated, and judged on the
//! one question P06 asks: does it fire on every calendar day?

use serde::Serialize;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Schedule {
    pub expr: String,
    pub line: u32,
    /// Fires on every calendar day (possibly many times a day).
    pub at_least_daily: bool,
}

/// Why a schedule is not valid cron.
#[derive(Debug, Clone, PartialEq)]
pub struct CronError(pub String);

struct Field {
    name: &'static str,
    min: u32,
    max: u32,
    names: &'static [&'static str],
}

const MINUTE: Field = Field {
    name: "minute",
    min: 0,
    max: 59,
    names: &[],
};
const HOUR: Field = Field {
    name: "hour",
    min: 0,
    max: 23,
    names: &[],
};
const DAY_OF_MONTH: Field = Field {
    name: "day of month",
    min: 1,
    max: 31,
    names: &[],
};
const MONTH: Field = Field {
    name: "month",
    min: 1,
    max: 12,
    names: &[
        "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
    ],
};
const DAY_OF_WEEK: Field = Field {
    name: "day of week",
    min: 0,
    max: 7,
    names: &["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"],
};

impl Field {
    fn value(&self, text: &str) -> Result<u32, CronError> {
        if let Some(i) = self.names.iter().position(|n| n.eq_ignore_ascii_case(text)) {
            // Month names start at 1 (JAN), day names at 0 (SUN): each field's minimum.
            return Ok(i as u32 + self.min);
        }
        let n: u32 = text
            .parse()
            .map_err(|_| CronError(format!("{}: `{text}` is not a number", self.name)))?;
        if n < self.min || n > self.max {
            return Err(CronError(format!(
                "{}: {n} is outside {}-{}",
                self.name, self.min, self.max
            )));
        }
        Ok(n)
    }

    /// The set of values the field matches, as a bit set.
    fn parse(&self, text: &str) -> Result<u64, CronError> {
        let mut set = 0u64;
        for part in text.split(',') {
            let (range, step) = match part.split_once('/') {
                Some((range, step)) => {
                    let step: u32 = step.parse().map_err(|_| {
                        CronError(format!("{}: step `{step}` is not a number", self.name))
                    })?;
                    if step == 0 || step > self.max {
                        return Err(CronError(format!(
                            "{}: step {step} is outside 1-{}",
                            self.name, self.max
                        )));
                    }
                    (range, Some(step))
                }
                None => (part, None),
            };
            let (low, high) = if range == "*" || range == "?" {
                (self.min, self.max)
            } else if let Some((a, b)) = range.split_once('-') {
                let (a, b) = (self.value(a)?, self.value(b)?);
                if a > b {
                    return Err(CronError(format!(
                        "{}: range `{range}` runs backwards",
                        self.name
                    )));
                }
                (a, b)
            } else {
                let a = self.value(range)?;
                // `5/15` is `5-max/15`.
                (a, if step.is_some() { self.max } else { a })
            };
            for v in (low..=high).step_by(step.unwrap_or(1) as usize) {
                set |= 1 << v;
            }
        }
        Ok(set)
    }

    fn full(&self) -> u64 {
        (self.min..=self.max).fold(0, |set, v| set | 1 << v)
    }
}

/// Parse a schedule.
pub fn parse(expr: &str, line: u32) -> Result<Schedule, CronError> {
    let trimmed = expr.trim();
    let schedule = |at_least_daily| Schedule {
        expr: expr.to_string(),
        line,
        at_least_daily,
    };
    // `CRON_TZ=…` / `TZ=…` prefixes (robfig/cron, which Kubernetes uses).
    let body = match trimmed.split_once(' ') {
        Some((tz, rest)) if tz.starts_with("CRON_TZ=") || tz.starts_with("TZ=") => rest.trim(),
        _ => trimmed,
    };
    if let Some(macro_) = body.strip_prefix('@') {
        let (word, arg) = macro_.split_once(' ').unwrap_or((macro_, ""));
        return match word.to_ascii_lowercase().as_str() {
            "hourly" | "daily" | "midnight" => Ok(schedule(true)),
            "weekly" | "monthly" | "yearly" | "annually" => Ok(schedule(false)),
            "every" => {
                let seconds = duration_seconds(arg.trim()).ok_or_else(|| {
                    CronError(format!("`@every {}` is not a duration", arg.trim()))
                })?;
                Ok(schedule(seconds <= 24.0 * 3600.0))
            }
            _ => Err(CronError(format!("unknown macro `@{word}`"))),
        };
    }
    let fields: Vec<&str> = body.split_whitespace().collect();
    if fields.len() != 5 {
        return Err(CronError(format!(
            "{} fields; a schedule has five (minute hour day-of-month month day-of-week)",
            fields.len()
        )));
    }
    MINUTE.parse(fields[0])?;
    HOUR.parse(fields[1])?;
    let dom = DAY_OF_MONTH.parse(fields[2])?;
    let month = MONTH.parse(fields[3])?;
    let mut dow = DAY_OF_WEEK.parse(fields[4])?;
    // 7 is Sunday too.
    if dow & (1 << 7) != 0 {
        dow |= 1;
    }
    let dom_full = dom == DAY_OF_MONTH.full();
    let dow_full = dow & 0x7f == 0x7f;
    let star = |f: &str| f.starts_with('*') || f.starts_with('?');
    // Cron's rule: when either day field is `*`, a day must match both; otherwise either.
    let every_day = if star(fields[2]) || star(fields[4]) {
        dom_full && dow_full
    } else {
        dom_full || dow_full
    };
    Ok(schedule(every_day && month == MONTH.full()))
}

/// A Go duration (`24h`, `1h30m`, `90m`, `3600s`) in seconds.
fn duration_seconds(text: &str) -> Option<f64> {
    if text.is_empty() {
        return None;
    }
    let mut total = 0.0;
    let mut rest = text;
    while !rest.is_empty() {
        let digits = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        let number: f64 = rest[..digits].parse().ok()?;
        rest = &rest[digits..];
        let unit_len = rest
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(rest.len());
        let factor = match &rest[..unit_len] {
            "h" => 3600.0,
            "m" => 60.0,
            "s" => 1.0,
            "ms" => 0.001,
            _ => return None,
        };
        total += number * factor;
        rest = &rest[unit_len..];
    }
    Some(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn daily(expr: &str) -> bool {
        parse(expr, 1).unwrap().at_least_daily
    }

    #[test]
    fn at_least_daily() {
        assert!(daily("0 3 * * *"));
        assert!(daily("* */1 * * *"), "every minute fires every day");
        assert!(daily("0 */6 * * *"));
        assert!(daily("0 2 * * 0-6"));
        assert!(daily("0 2 * * 1-7"), "7 is Sunday");
        assert!(daily("0 2 ? * *"));
        assert!(daily("@daily"));
        assert!(daily("@hourly"));
        assert!(daily("@every 24h"));
        assert!(daily("@every 1h30m"));
        assert!(daily("CRON_TZ=UTC 0 3 * * *"));
        assert!(daily("0 2 1-15 * 0-6"), "either day field matching: union");
        assert!(!daily("0 3 * * 0"));
        assert!(!daily("0 3 1 * *"));
        assert!(!daily("0 2 * * 1-5"));
        assert!(!daily("0 2 * * MON-FRI"));
        assert!(!daily("0 2 * 1-11 *"));
        assert!(!daily("@weekly"));
        assert!(!daily("@every 48h"));
        assert!(!daily("0 2 1-15 * *"), "either day field `*`: intersection");
    }

    #[test]
    fn invalid_schedules() {
        for expr in [
            "61 * * * *",
            "* 24 * * *",
            "* * 0 * *",
            "* * * 13 *",
            "* * * * 8",
            "*/0 * * * *",
            "59/4294967295 * * * *",
            "*/61 * * * *",
            "5-1 * * * *",
            "* * * *",
            "@fortnightly",
            "@every soon",
            "a * * * *",
        ] {
            assert!(parse(expr, 1).is_err(), "{expr}");
        }
        assert!(parse("0 0 * JAN-DEC SUN", 1).is_ok());
    }
}
