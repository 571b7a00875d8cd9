//! Checks of a pattern's matches beyond the pattern (`validator = "luhn"`): a number that
//! merely looks like a Social Insurance Number is not one.

/// How a pattern's matches are confirmed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Validator {
    /// The Luhn checksum over the digits (Social Insurance Numbers, Ontario health numbers).
    Luhn,
}

impl Validator {
    pub fn accepts(self, matched: &str) -> bool {
        match self {
            Validator::Luhn => luhn(matched),
        }
    }
}

/// True when the digits of `s` pass the Luhn checksum.
pub fn luhn(s: &str) -> bool {
    let digits: Vec<u32> = s.chars().filter_map(|c| c.to_digit(10)).collect();
    if digits.len() < 2 {
        return false;
    }
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| {
            if i % 2 == 1 {
                if d * 2 > 9 {
                    d * 2 - 9
                } else {
                    d * 2
                }
            } else {
                d
            }
        })
        .sum();
    sum % 10 == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn luhn_checksum() {
        assert!(luhn("046 454 286"));
        assert!(!luhn("046 454 287"));
        assert!(luhn("9876543217"));
        assert!(!luhn("7"));
    }
}
