/** The chapter is in Northern California: times are shown, and typed by admins, in Pacific time. */
export const CHAPTER_TIME_ZONE = "America/Los_Angeles";
