import type { Metadata, Viewport } from 'next';
import { Enhancements } from '@/components/Enhancements';
import { TITLE_TEMPLATE } from '@/lib/format';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Feather', template: TITLE_TEMPLATE },
  description: 'Read your mail online.',
  robots: { index: false, follow: false },
};

// Form controls and scrollbars follow the light or dark scheme (a meta tag: the same in CSS costs a polyfill's bytes).
export const viewport: Viewport = { width: 'device-width', initialScale: 1, colorScheme: 'light dark' };

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="bg-canvas text-ink">
        <div>
          <a href="#main" className="skip-link">
            Skip to content
          </a>
        </div>
        {children}
        <Enhancements />
      </body>
    </html>
  );
}
