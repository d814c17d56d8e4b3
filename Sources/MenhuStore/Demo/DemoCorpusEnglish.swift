/// Texts of the demo's English version of the portal (W4). Fictional, like the rest of the demo.
extension DemoCorpus {
    static let englishTitles: [String: [String]] = [
        "en-news": [
            "Jiangyuan opens new riverside wetland park to the public",
            "City government holds executive meeting on the economy",
            "Jiangyuan launches one-stop online service for business registration",
            "New high-speed rail link brings Jiangyuan within two hours of the provincial capital",
            "Jiangyuan hosts regional forum on green industry and clean energy",
            "Municipal government reviews progress on flood control projects",
            "Jiangyuan ranks among top cities for business environment in the province",
            "Tea harvest festival draws visitors from across the region",
            "City opens international school enrolment for foreign residents",
            "Jiangyuan signs cooperation agreement with sister city",
        ],
        "en-notice": [
            "Notice on public holiday arrangements at the government service centre",
            "Notice on the temporary closure of Renmin Avenue for road works",
            "Call for comments on the draft plan for urban greenways",
            "Notice on visa and residence services for foreign nationals",
            "Notice on the city's free health check programme for residents over 65",
        ],
        "en-policy": [
            "Measures to support foreign-invested enterprises in Jiangyuan",
            "Guidelines on talent visas and residence permits for high-level professionals",
            "Implementing rules on tax and fee reductions for small and micro businesses",
            "Regulations on the protection of the Jiangyuan River ecosystem",
        ],
        "en-about": [
            "Jiangyuan at a glance",
            "History and culture of Jiangyuan",
            "Transport and how to get here",
        ],
    ]

    static let englishParagraphs: [String: [String]] = [
        "en-news": [
            "The municipal government said the project is part of its plan to improve public services and the living environment, and that work on the next phase will begin later this year.",
            "Officials from the relevant departments attended the event and briefed participants on progress made since the beginning of the year.",
            "Residents and businesses can find details of the new services on the Jiangyuan government portal or by calling the 12345 public service hotline.",
            "The city will continue to open up to the outside world, improve its business environment and welcome investors and visitors from home and abroad.",
            "According to the city's statistics bureau, the main economic indicators kept a steady upward trend in month {month}.",
        ],
        "en-notice": [
            "Members of the public are kindly asked to plan ahead. We apologise for any inconvenience caused.",
            "Comments may be sent by email to the address below before the end of next month. All comments will be considered carefully.",
            "For enquiries, please call the government service hotline 12345 during office hours (Monday to Friday, 9:00–17:30).",
        ],
        "en-policy": [
            "These measures apply to enterprises registered in Jiangyuan and take effect from the date of publication.",
            "Eligible applicants may apply online through the government service platform or at the municipal government service centre.",
            "The relevant departments are responsible for interpreting these measures. The Chinese text prevails in case of any difference.",
        ],
        "en-about": [
            "Jiangyuan is a fictional prefecture-level city used to demonstrate the Menhu platform. It lies on the banks of the Jiangyuan River and is known for its tea, its wetlands and its historic old town.",
            "The city covers about 7,000 square kilometres and has a population of about 2.1 million. Its economy is based on advanced manufacturing, modern agriculture and tourism.",
            "Jiangyuan is served by a high-speed railway station, two expressways and a regional airport, with direct flights to major cities in China.",
        ],
    ]
}
