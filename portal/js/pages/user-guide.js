/**
 * User Guide: the sections of the guide the portal follows, in its own words, each linking to the
 * page that implements it. Readable without signing in.
 *
 * Ids: #guide-list, #guide-section-1 … #guide-section-10 (<details> elements)
 */

import { h } from '../dom.js';

const SECTIONS = [
  {
    title: 'Signing in',
    route: 'login',
    body: [
      'Sign in with the email address and password of your certtrack account. If you have none yet, choose “Create one” on the sign-in page, fill in your name (as on your ID), email, password and country, and register. Depending on the programme, you may first confirm the account with a code sent to your email.',
      'On your first sign-in, certtrack links your account to your certification record. If a record with your email already exists it is linked automatically. If it cannot be linked (for example because the record already belongs to another sign-in), you are asked to open a support case; an administrator links it for you.',
    ],
  },
  {
    title: 'Confirming your personal information',
    route: 'personal-info',
    body: [
      'The first time you sign in, you are asked to complete the required fields: your mailing address and your email settings. The other sections open once both are saved.',
      'Certificates, kits and plaques are shipped by courier, so the mailing address must be a street address: a P.O. Box is not accepted. Under Personal Info you can also update your company, job title and phone, review the IDs linked to your record (sign-in, candidate ID, Credly, Pearson VUE) and link your Credly account. Your name is the one verified at sign-up; changes to it go through a support case.',
    ],
  },
  {
    title: 'The Home page',
    route: 'home',
    body: ['Home shows announcements from the programme, your recent activity, and certifications that are due to expire, with a shortcut to schedule an exam.'],
  },
  {
    title: 'Certification progress and the Certification Agreement',
    route: 'certifications',
    body: [
      'The Certifications section lists each certification with its status, earned and expiration dates, and its history. A certification whose requirements are met becomes active once you have accepted the current Certification Agreement.',
      'Expert certifications also show their tenure. After 10 years held without a break you may request Emeritus status instead of recertifying: the certification stays active until its cycle ends and then becomes Emeritus, an honorary status that keeps your certification number and history but is not a current certification. After 20 consecutive years, active or Emeritus, it is Emeritus for life.',
    ],
  },
  {
    title: 'Continuing education',
    route: 'continuing-education',
    body: ['Continuing-education credits (training, events, authoring exam content) count towards recertification while you hold an active certification. You can review the credits you have earned and what each certification still needs.'],
  },
  {
    title: 'Testing history',
    route: 'testing-history',
    body: ['Testing History lists every exam you have taken, written or practical, with its score and outcome. You can sort and filter the list, open score reports, and challenge a result.'],
  },
  {
    title: 'Certification logos',
    route: 'certifications',
    body: ['For each active certification you can download its logo to use on business cards, résumés and profiles.'],
  },
  {
    title: 'Certificates and plaques',
    route: 'kits',
    body: [
      'When you complete a certification you receive an email and can claim one free initial kit (a certificate and a wallet card; expert kits add a plaque engraved with your verified name and certification number); it shows as “Pending” until you claim it and “Ordered” after. Allow 12–16 weeks for processing and shipping; tracking information is emailed when it ships.',
      'PDF certificates are available for active, unexpired certifications. Long-standing holders are contacted on their 25-year anniversary with a one-time token to claim a commemorative item.',
    ],
  },
  {
    title: 'Digital badges and transcripts',
    route: 'transcripts',
    body: ['Digital badges are issued for current certifications. Each badge is a signed Open Badges 3.0 credential with a public page that anyone can open without signing in: their browser checks its signature and whether it has been revoked. You can add a badge to LinkedIn, copy its link, or download the badge image with the credential inside. To prove your certifications to an employer or another third party, create a transcript and send its link, or give its ID and verification code; they see each certification’s status on the day they open it. You see each time it is opened, and can revoke it at any time.'],
  },
  {
    title: 'Scheduling exams, score reports and receipts',
    route: 'schedule',
    body: ['Schedule lets you book a certification exam with the testing vendor, reschedule or cancel it, and find your exam receipts and score reports.'],
  },
];

export function render(ctx) {
  const signedIn = Boolean(ctx.me);
  ctx.root.append(
    h('p', { class: 'lead' }, 'How to use certtrack, the certification tracking system, section by section.'),
    h('div', { class: 'guide', id: 'guide-list' }, SECTIONS.map((s, i) => h('details', { class: 'guide__item', id: `guide-section-${i + 1}`, open: i === 0 ? true : null },
      h('summary', { class: 'guide__summary' }, h('span', { class: 'guide__number' }, String(i + 1)), h('span', {}, s.title)),
      h('div', { class: 'guide__body' },
        s.body.map((p) => h('p', {}, p)),
        signedIn || s.route === 'login' ? h('p', {}, h('a', { href: `#/${s.route}` }, `Go to ${pageName(s.route)}`)) : null)))));
}

function pageName(route) {
  return {
    login: 'sign in', 'personal-info': 'Personal Info', home: 'Home', certifications: 'Certifications',
    'continuing-education': 'Continuing Education',
    'testing-history': 'Testing History', transcripts: 'Transcripts & Digital Badges', schedule: 'Schedule',
  }[route] || route;
}
