import type { Translator } from '../../i18n/translate';
import { inboxStatusReport } from '../../status/inboxStatusReport';
import type { Services } from '../../wiring/Services';
import type { PanelInbox } from './inboxPanelModal';

/** Every inbox with its department's name and status report, by name. */
export async function inboxPanelData(services: Services, t: Translator): Promise<PanelInbox[]> {
    const inboxes = (await services.inboxes.list()).sort((a, b) => a.name.localeCompare(b.name));
    const livechat = services.read.getLivechatReader();
    const departments = new Map<string, string>();
    for (const id of new Set(inboxes.map((inbox) => inbox.departmentId).filter((id): id is string => Boolean(id)))) {
        const department = await livechat.getLivechatDepartmentByIdOrName(id);
        departments.set(id, department?.name ?? id);
    }
    return Promise.all(
        inboxes.map(async (inbox) => ({
            id: inbox.id,
            name: inbox.name,
            email: inbox.email,
            department: inbox.departmentId ? departments.get(inbox.departmentId) : undefined,
            active: inbox.active,
            oauth: Boolean(inbox.oauth),
            report: await inboxStatusReport(services, t, inbox),
        })),
    );
}
