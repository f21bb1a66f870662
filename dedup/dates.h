// Dates: a day of the month written next to a month name ("March 3",
// "3 March", "Mar. 3") read from the content-term sequence as one figure.
//
// A copy keeps the dates of the story it copies, however late it runs; a
// recurring story written to one template ("WASHINGTON, March 9 - ...",
// then "WASHINGTON, April 9 - ...") differs first in them. The month names
// are English (stemmed with the English stemmer): in text of another
// language no date is found and figures are compared one by one.
#pragma once

#include <cstdint>

namespace newsdedup {

// 1-12 when `term` is a month name or its abbreviation, else 0.
int MonthOfTerm(uint32_t term);

// 1-31 when `term` is one of those numbers, else 0.
int DayOfTerm(uint32_t term);

// A term id for the date (month, day): a number term (it is a figure) from
// which DaysBetween reads the date back.
uint32_t DateTermId(int month, int day);

// Days between two dates made by DateTermId, the year unknown: the shorter
// way round the calendar.
int DaysBetween(uint32_t date_a, uint32_t date_b);

}  // namespace newsdedup
